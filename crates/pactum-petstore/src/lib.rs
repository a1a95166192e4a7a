//! An in-memory pet store implementing the server that `pactum::api!` generates for
//! `specs/petstore/v2.yaml`. It accepts any bearer token, so that anyone can point a client
//! or a fuzzer at it.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use pactum::__private::chrono::{DateTime, Utc};
use pactum::__private::uuid::Uuid;
use pactum::server::Credential;

/// The generated code: types, validation, the `Api` trait and `router`.
#[allow(missing_docs)]
pub mod api {
    pactum::api!(spec = "../../specs/petstore/v2.yaml", server);
}

use api::*;

/// Requests allowed per window (reported in `RateLimit-*` headers; not enforced).
const LIMIT: i32 = 1000;

/// The store's state.
#[derive(Default)]
struct State {
    pets: Vec<Pet>,
    orders: Vec<Order>,
    /// Idempotency key → the id of what it created.
    keys: HashMap<String, Uuid>,
    next_id: u128,
}

impl State {
    fn new_id(&mut self) -> Uuid {
        self.next_id += 1;
        Uuid::from_u128(0x7e57_0000_0000_4000_8000_0000_0000_0000 | self.next_id)
    }
}

/// The pet store.
#[derive(Default)]
pub struct PetStore {
    state: Mutex<State>,
}

impl PetStore {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The router serving a new, empty store.
pub fn app() -> pactum::__private::axum::Router {
    router(PetStore::default())
}

/// [`app`] behind the CORS layer generated from the contract's `Access-Control-*` response
/// headers (`--cors`): preflights from the declared origin are answered, others get no CORS
/// headers.
pub fn app_with_cors() -> pactum::__private::axum::Router {
    app().layer(cors_layer())
}

fn now() -> DateTime<Utc> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

fn problem(status: i32, title: &str, detail: &str) -> Problem {
    Problem {
        r#type: "about:blank".to_owned(),
        title: title.to_owned(),
        status,
        detail: Some(detail.to_owned()),
        instance: None,
        errors: None,
    }
}

fn not_found(what: &str) -> Problem {
    problem(404, "Not Found", &format!("no such {what}"))
}

impl Api for PetStore {
    async fn list_pets(&self, request: ListPetsRequest) -> ListPetsResponse {
        let state = self.state();
        let limit = request.limit.unwrap_or(20).clamp(1, 100) as usize;
        let start = request
            .cursor
            .as_deref()
            .and_then(|c| c.strip_prefix("p"))
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        let matching: Vec<&Pet> = state
            .pets
            .iter()
            .rev()
            .filter(|p| request.status.as_ref().is_none_or(|s| *s == p.status))
            .filter(|p| request.species.as_ref().is_none_or(|s| *s == p.species))
            .collect();
        let items: Vec<Pet> = matching
            .iter()
            .skip(start)
            .take(limit)
            .map(|p| (*p).clone())
            .collect();
        let next = start + items.len();
        ListPetsResponse::Ok {
            body: PetPage {
                items,
                next_cursor: if next < matching.len() {
                    pactum::Nullable::Value(format!("p{next}"))
                } else {
                    pactum::Nullable::Null
                },
            },
            rate_limit_limit: Some(LIMIT),
            rate_limit_remaining: Some(LIMIT - 1),
            rate_limit_reset: Some(60),
            access_control_allow_origin: None,
            vary: None,
        }
    }

    async fn create_pet(&self, request: CreatePetRequest) -> CreatePetResponse {
        let mut state = self.state();
        if let Some(id) = state.keys.get(&request.idempotency_key).copied() {
            if let Some(p) = state.pets.iter().find(|p| p.id == id) {
                return created_pet(p.clone());
            }
        }
        let id = state.new_id();
        let new = request.body;
        let pet = Pet {
            id,
            name: new.name,
            species: new.species,
            status: PetStatus::Available,
            birth_date: new.birth_date,
            tags: new.tags,
            photo_url: None,
            created_at: now(),
        };
        state.keys.insert(request.idempotency_key, id);
        state.pets.push(pet.clone());
        created_pet(pet)
    }

    async fn get_pet(&self, request: GetPetRequest) -> GetPetResponse {
        match self.state().pets.iter().find(|p| p.id == request.pet_id) {
            Some(p) => GetPetResponse::Ok {
                body: p.clone(),
                rate_limit_limit: Some(LIMIT),
                rate_limit_remaining: Some(LIMIT - 1),
                rate_limit_reset: Some(60),
            },
            None => GetPetResponse::NotFound(not_found("pet")),
        }
    }

    async fn update_pet(&self, request: UpdatePetRequest) -> UpdatePetResponse {
        let mut state = self.state();
        let Some(pet) = state.pets.iter_mut().find(|p| p.id == request.pet_id) else {
            return UpdatePetResponse::NotFound(not_found("pet"));
        };
        let patch = request.body;
        if let Some(name) = patch.name {
            pet.name = name;
        }
        if let Some(species) = patch.species {
            pet.species = species;
        }
        if let Some(status) = patch.status {
            pet.status = status;
        }
        if let Some(tags) = patch.tags {
            pet.tags = Some(tags);
        }
        UpdatePetResponse::Ok {
            body: pet.clone(),
            rate_limit_limit: Some(LIMIT),
            rate_limit_remaining: Some(LIMIT - 1),
            rate_limit_reset: Some(60),
        }
    }

    async fn delete_pet(&self, request: DeletePetRequest) -> DeletePetResponse {
        let mut state = self.state();
        let before = state.pets.len();
        state.pets.retain(|p| p.id != request.pet_id);
        if state.pets.len() == before {
            return DeletePetResponse::NotFound(not_found("pet"));
        }
        DeletePetResponse::NoContent {
            rate_limit_limit: Some(LIMIT),
            rate_limit_remaining: Some(LIMIT - 1),
            rate_limit_reset: Some(60),
        }
    }

    async fn upload_pet_photo(&self, request: UploadPetPhotoRequest) -> UploadPetPhotoResponse {
        let bytes = &request.body;
        let png = bytes.starts_with(b"\x89PNG\r\n\x1a\n");
        let jpeg = bytes.starts_with(&[0xff, 0xd8, 0xff]);
        if !png && !jpeg {
            return UploadPetPhotoResponse::UnsupportedMediaType(problem(
                415,
                "Unsupported Media Type",
                "the photo must be PNG or JPEG",
            ));
        }
        let mut state = self.state();
        let Some(pet) = state.pets.iter_mut().find(|p| p.id == request.pet_id) else {
            return UploadPetPhotoResponse::NotFound(not_found("pet"));
        };
        pet.photo_url = Some(format!(
            "https://cdn.petstore.example.com/photos/{}.{}",
            pet.id,
            if png { "png" } else { "jpg" }
        ));
        UploadPetPhotoResponse::Ok {
            body: pet.clone(),
            rate_limit_limit: Some(LIMIT),
            rate_limit_remaining: Some(LIMIT - 1),
            rate_limit_reset: Some(60),
        }
    }

    async fn create_order(&self, request: CreateOrderRequest) -> CreateOrderResponse {
        let mut state = self.state();
        if let Some(id) = state.keys.get(&request.idempotency_key).copied() {
            if let Some(o) = state.orders.iter().find(|o| o.id == id) {
                return created_order(o.clone());
            }
        }
        let new = request.body;
        if !state.pets.iter().any(|p| p.id == new.pet_id) {
            return CreateOrderResponse::UnprocessableEntity(problem(
                422,
                "Unprocessable Content",
                "no pet has this `pet_id`",
            ));
        }
        let id = state.new_id();
        let order = Order {
            id,
            pet_id: new.pet_id,
            status: OrderStatus::Placed,
            contact_email: new.contact_email,
            note: new.note,
            created_at: now(),
        };
        state.keys.insert(request.idempotency_key, id);
        state.orders.push(order.clone());
        created_order(order)
    }

    async fn get_order(&self, request: GetOrderRequest) -> GetOrderResponse {
        match self
            .state()
            .orders
            .iter()
            .find(|o| o.id == request.order_id)
        {
            Some(o) => GetOrderResponse::Ok {
                body: o.clone(),
                rate_limit_limit: Some(LIMIT),
                rate_limit_remaining: Some(LIMIT - 1),
                rate_limit_reset: Some(60),
            },
            None => GetOrderResponse::NotFound(not_found("order")),
        }
    }

    /// Any bearer token is accepted.
    async fn authenticate(&self, _credential: &Credential) -> Result<(), pactum::Problem> {
        Ok(())
    }
}

fn created_pet(pet: Pet) -> CreatePetResponse {
    CreatePetResponse::Created {
        location: Some(format!("/v2/pets/{}", pet.id)),
        body: pet,
        rate_limit_limit: Some(LIMIT),
        rate_limit_remaining: Some(LIMIT - 1),
        rate_limit_reset: Some(60),
    }
}

fn created_order(order: Order) -> CreateOrderResponse {
    CreateOrderResponse::Created {
        location: Some(format!("/v2/orders/{}", order.id)),
        body: order,
        rate_limit_limit: Some(LIMIT),
        rate_limit_remaining: Some(LIMIT - 1),
        rate_limit_reset: Some(60),
    }
}

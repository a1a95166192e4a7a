//! The generated client of `specs/petstore/v2.yaml` against the pet store over real HTTP on
//! 127.0.0.1:0: every operation round-trips, declared error statuses come back as typed
//! variants, and invalid requests are refused before they are sent.

use std::time::Duration;

use pactum::__private::uuid::Uuid;
use pactum::client::{Config, Error, RetryPolicy};

mod petstore {
    pactum::api!(spec = "../../specs/petstore/v2.yaml", client);
}

use petstore::*;

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = pactum::__private::axum::serve(listener, pactum_petstore::app()).await;
    });
    format!("http://{addr}")
}

fn config() -> Config {
    Config {
        request_timeout: Duration::from_secs(5),
        max_elapsed: Duration::from_secs(10),
        retry: RetryPolicy {
            base_delay: Duration::from_millis(10),
            ..RetryPolicy::default()
        },
        ..Config::default()
    }
}

async fn client() -> Client {
    Client::with_config(&serve().await, config())
        .expect("client")
        .with_bearer_auth("any-token")
}

fn new_pet(name: &str, species: PetSpecies) -> NewPet {
    NewPet {
        name: PetName(name.to_owned()),
        species,
        birth_date: None,
        tags: Some(PetTags(vec!["friendly".to_owned()])),
    }
}

async fn create(c: &Client, name: &str, species: PetSpecies) -> Pet {
    match c
        .create_pet(new_pet(name, species), CreatePetOptions::default())
        .await
        .expect("create_pet")
    {
        CreatePetResponse::Created { body, location, .. } => {
            assert_eq!(location, Some(format!("/v2/pets/{}", body.id)));
            body
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_round_trips() {
    let c = client().await;

    // createPet (an Idempotency-Key is generated), getPet
    let rex = create(&c, "Rex", PetSpecies::Dog).await;
    assert_eq!(rex.name.0, "Rex");
    assert_eq!(rex.status, PetStatus::Available);
    match c.get_pet(rex.id).await.expect("get_pet") {
        GetPetResponse::Ok {
            body,
            rate_limit_limit,
            ..
        } => {
            assert_eq!(body, rex);
            assert_eq!(rate_limit_limit, Some(1000));
        }
        other => panic!("unexpected {other:?}"),
    }

    // createPet with the caller's key twice: the same pet
    let key = "abcdefghijklmnop-1".to_owned();
    let options = || CreatePetOptions {
        idempotency_key: Some(key.clone()),
    };
    let first = c
        .create_pet(new_pet("Tom", PetSpecies::Cat), options())
        .await
        .expect("create");
    let second = c
        .create_pet(new_pet("Tom", PetSpecies::Cat), options())
        .await
        .expect("create");
    let (CreatePetResponse::Created { body: a, .. }, CreatePetResponse::Created { body: b, .. }) =
        (first, second)
    else {
        panic!("expected two 201s");
    };
    assert_eq!(a.id, b.id);

    // listPets with query options (limit, cursor, species, status)
    let _ = create(&c, "Tweety", PetSpecies::Bird).await;
    let page = match c
        .list_pets(ListPetsOptions {
            limit: Some(2),
            ..ListPetsOptions::default()
        })
        .await
        .expect("list_pets")
    {
        ListPetsResponse::Ok { body, .. } => body,
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(page.items.len(), 2);
    let cursor = match &page.next_cursor {
        pactum::Nullable::Value(c) => c.clone(),
        other => panic!("expected a cursor, got {other:?}"),
    };
    let ListPetsResponse::Ok { body: rest, .. } = c
        .list_pets(ListPetsOptions {
            limit: Some(2),
            cursor: Some(cursor),
            ..ListPetsOptions::default()
        })
        .await
        .expect("second page")
    else {
        panic!("expected 200");
    };
    assert_eq!(rest.items.len(), 1);
    assert_eq!(rest.next_cursor, pactum::Nullable::Null);
    let ListPetsResponse::Ok { body: cats, .. } = c
        .list_pets(ListPetsOptions {
            species: Some(PetSpecies::Cat),
            status: Some(PetStatus::Available),
            ..ListPetsOptions::default()
        })
        .await
        .expect("cats")
    else {
        panic!("expected 200");
    };
    assert_eq!(cats.items.len(), 1);
    assert_eq!(cats.items[0].name.0, "Tom");

    // updatePet (application/merge-patch+json)
    let patch = PetUpdate {
        name: None,
        species: None,
        status: Some(PetStatus::Pending),
        tags: None,
    };
    match c.update_pet(rex.id, patch).await.expect("update_pet") {
        UpdatePetResponse::Ok { body, .. } => assert_eq!(body.status, PetStatus::Pending),
        other => panic!("unexpected {other:?}"),
    }

    // uploadPetPhoto (octet-stream), then a 415 as a typed variant
    let png = pactum::client::Bytes::from_static(b"\x89PNG\r\n\x1a\n....");
    match c
        .upload_pet_photo(rex.id, png)
        .await
        .expect("upload_pet_photo")
    {
        UploadPetPhotoResponse::Ok { body, .. } => {
            assert!(body.photo_url.expect("photo_url").ends_with(".png"))
        }
        other => panic!("unexpected {other:?}"),
    }
    let gif = pactum::client::Bytes::from_static(b"GIF89a");
    assert!(matches!(
        c.upload_pet_photo(rex.id, gif).await.expect("upload"),
        UploadPetPhotoResponse::UnsupportedMediaType(p) if p.status == 415
    ));

    // createOrder, getOrder, and a 422 for an unknown pet
    let order = NewOrder {
        pet_id: rex.id,
        contact_email: "ann@example.com".to_owned(),
        note: Some("weekends".to_owned()),
    };
    let order = match c
        .create_order(order, CreateOrderOptions::default())
        .await
        .expect("create_order")
    {
        CreateOrderResponse::Created { body, .. } => body,
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(order.status, OrderStatus::Placed);
    match c.get_order(order.id).await.expect("get_order") {
        GetOrderResponse::Ok { body, .. } => assert_eq!(body, order),
        other => panic!("unexpected {other:?}"),
    }
    let unknown = NewOrder {
        pet_id: Uuid::nil(),
        contact_email: "ann@example.com".to_owned(),
        note: None,
    };
    assert!(matches!(
        c.create_order(unknown, CreateOrderOptions::default()).await.expect("order"),
        CreateOrderResponse::UnprocessableEntity(p) if p.status == 422
    ));

    // deletePet, then 404s as typed variants
    assert!(matches!(
        c.delete_pet(rex.id).await.expect("delete_pet"),
        DeletePetResponse::NoContent { .. }
    ));
    assert!(matches!(
        c.get_pet(rex.id).await.expect("get_pet"),
        GetPetResponse::NotFound(p) if p.status == 404
    ));
    assert!(matches!(
        c.delete_pet(rex.id).await.expect("delete_pet"),
        DeletePetResponse::NotFound(_)
    ));
}

#[tokio::test]
async fn missing_credentials_come_back_as_401() {
    let c = Client::with_config(&serve().await, config()).expect("client");
    match c.get_pet(Uuid::nil()).await.expect("get_pet") {
        GetPetResponse::Unauthorized { body, .. } => assert_eq!(body.status, 401),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn invalid_requests_are_not_sent() {
    // nothing listens on this port: a request that was sent would fail with a transport error
    let c = Client::with_config("http://127.0.0.1:9", config())
        .expect("client")
        .with_bearer_auth("t");
    let bad = NewPet {
        name: PetName("<script>".to_owned()),
        species: PetSpecies::Unknown("dragon".to_owned()),
        birth_date: None,
        tags: None,
    };
    let options = CreatePetOptions {
        idempotency_key: Some("short".to_owned()),
    };
    match c.create_pet(bad, options).await {
        Err(Error::InvalidRequest(violations)) => {
            let pointers: Vec<&str> = violations.iter().map(|v| v.pointer.as_str()).collect();
            assert!(
                pointers.contains(&"/header/Idempotency-Key"),
                "{pointers:?}"
            );
            assert!(pointers.contains(&"/body/name"), "{pointers:?}");
            assert!(pointers.contains(&"/body/species"), "{pointers:?}");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    let limit = ListPetsOptions {
        limit: Some(1000),
        ..ListPetsOptions::default()
    };
    assert!(matches!(
        c.list_pets(limit).await,
        Err(Error::InvalidRequest(v)) if v[0].pointer == "/query/limit"
    ));
}

use pactum::Validate;

#[derive(pactum::__private::serde::Deserialize, pactum::Contract)]
#[serde(crate = "pactum::__private::serde", rename_all = "lowercase")]
#[contract(spec = "tests/ui/derive.yaml", schema = "Status")]
enum Status {
    Available,
    Pending,
    #[serde(rename = "adopted")]
    Gone,
}

#[derive(pactum::__private::serde::Deserialize, pactum::Contract)]
#[serde(crate = "pactum::__private::serde", rename_all = "camelCase")]
#[contract(spec = "tests/ui/derive.yaml", schema = "Pet")]
struct Pet {
    id: i64,
    pet_name: String,
    status: Status,
    nickname: pactum::Nullable<String>,
    tags: Option<Vec<String>>,
    #[serde(skip)]
    cached: u8,
}

fn main() {
    let pet = Pet {
        id: 0,
        pet_name: "much too long".to_owned(),
        status: Status::Gone,
        nickname: pactum::Nullable::Value("longer".to_owned()),
        tags: Some(vec!["a".into(), "b".into(), "c".into()]),
        cached: 0,
    };
    let pointers: Vec<String> = pet
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|v| v.pointer)
        .collect();
    assert_eq!(pointers, ["/id", "/petName", "/nickname", "/tags"]);
    let _ = (Status::Available, Status::Pending, pet.cached);
}

#[derive(pactum::Contract)]
#[contract(spec = "tests/ui/derive.yaml", schema = "Pet")]
#[allow(non_snake_case)]
struct Pet {
    id: Option<i64>,
    petName: String,
    status: String,
    nickname: String,
    tags: Vec<String>,
}

fn main() {}

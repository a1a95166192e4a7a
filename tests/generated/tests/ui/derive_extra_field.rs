#[derive(pactum::Contract)]
#[contract(spec = "tests/ui/derive.yaml", schema = "Pet")]
#[allow(non_snake_case)]
struct Pet {
    id: i64,
    petName: String,
    status: String,
    color: String,
}

fn main() {}

#[derive(pactum::Contract)]
#[contract(spec = "tests/ui/derive.yaml", schema = "Pet")]
#[allow(non_snake_case)]
struct Pet {
    id: String,
    petName: i32,
    status: bool,
    tags: Option<Vec<u8>>,
}

fn main() {}

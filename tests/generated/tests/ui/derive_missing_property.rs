#[derive(pactum::Contract)]
#[contract(spec = "tests/ui/derive.yaml", schema = "Pet")]
struct Pet {
    id: i64,
    status: String,
}

fn main() {}

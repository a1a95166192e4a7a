#[derive(pactum::Contract)]
#[contract(spec = "tests/ui/derive.yaml", schema = "Dog")]
struct Dog {
    name: String,
}

fn main() {}

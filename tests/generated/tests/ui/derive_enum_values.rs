#[derive(pactum::Contract)]
#[contract(spec = "tests/ui/derive.yaml", schema = "Status")]
enum Status {
    Available,
    Pending,
    Sold,
}

fn main() {}

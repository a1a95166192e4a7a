mod small {
    pactum::api!(spec = "tests/ui/small.yaml", server);
}

struct Hello;

impl small::Api for Hello {
    async fn hello(&self, request: small::HelloRequest) -> small::HelloResponse {
        small::HelloResponse::Ok(format!("hello {}", request.name.unwrap_or_default()))
    }
}

fn main() {
    let _router = small::router(Hello);
}

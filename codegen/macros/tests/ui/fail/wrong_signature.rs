// Expanded with the runtime reached through the generated crate, as an
// application that depends on that crate alone would write it.
mod zoo {
    apigen_macros::server!(
        "../../../../../tests/fixtures/zoo",
        types = zoo_v1::types,
        runtime = zoo_v1::runtime,
    );
}

struct Keeper;

impl zoo::Service for Keeper {
    // The answer must be an `Animal`, not a `String`.
    async fn enclosures_animals_get(
        &self,
        request: zoo_v1::types::GetAnimalRequest,
    ) -> Result<String, zoo_v1::server::ServerError> {
        Ok(request.name)
    }
}

fn main() {}

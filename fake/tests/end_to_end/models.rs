//! The model catalog: models.get and models.list with paging.

use futures_util::TryStreamExt;
use gemini_v1beta::types::{GetModelRequest, ListModelsRequest};

use crate::{expect_error, start};

#[tokio::test]
async fn lists_every_model_across_pages_and_gets_one() {
    let (client, _, _) = start().await;
    let first = client
        .models()
        .list(ListModelsRequest::new().set_page_size(2))
        .await
        .unwrap();
    assert_eq!(first.models.len(), 2);
    assert!(!first.next_page_token.is_empty());

    let all: Vec<_> = client
        .models()
        .list_items(ListModelsRequest::new().set_page_size(3))
        .try_collect()
        .await
        .unwrap();
    let names: Vec<&str> = all.iter().map(|model| model.name.as_str()).collect();
    assert!(names.contains(&"models/gemini-2.0-flash"), "{names:?}");
    assert!(names.contains(&"models/gemini-embedding-001"), "{names:?}");
    assert!(
        names.windows(2).all(|pair| pair[0] < pair[1]),
        "in name order"
    );

    let flash = client
        .models()
        .get(GetModelRequest::new().set_name("models/gemini-2.0-flash"))
        .await
        .unwrap();
    assert_eq!(flash.base_model_id, "gemini-2.0-flash");
    assert_eq!(flash.input_token_limit, 1_048_576);
    assert_eq!(flash.output_token_limit, 8192);
    assert!(flash
        .supported_generation_methods
        .contains(&"generateContent".to_owned()));
    assert_eq!(all.iter().find(|m| m.name == flash.name), Some(&flash));

    expect_error(
        client
            .models()
            .get(GetModelRequest::new().set_name("models/no-such-model"))
            .await,
        "NOT_FOUND",
    );
    expect_error(
        client
            .models()
            .list(ListModelsRequest::new().set_page_token("garbage"))
            .await,
        "INVALID_ARGUMENT",
    );
}

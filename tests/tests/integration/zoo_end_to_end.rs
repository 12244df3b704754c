//! The zoo crate (`tests/zoo`, generated from `tests/fixtures/zoo`) end to
//! end: its generated server, with a small `Service`, on 127.0.0.1, and its
//! generated client calling every zoo method through it — unary, paged,
//! streamed, long-running, polled until settled, and uploaded.
//!
//! The per-method cases use the same table checks as the Gemini crate
//! (`method_table`): the client sends each case's wire form, the server
//! decodes each wire form into the case's request, and both directions
//! answer the case's answer.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use apigen_runtime::server::{ServerError, ServerStream, UploadedMedia};
use apigen_tests::RecordingServer;
use futures_util::TryStreamExt;
use serde::Serialize;
use serde_json::{json, Value};
use zoo_v1::server::{router, Service};
use zoo_v1::types::*;
use zoo_v1::{Client, Error, FieldMask, Media, PollPolicy, RetryPolicy};

use crate::method_table::{assert_covers, check_client, check_server, serve, Case, Recorder, Wire};

/// A case of the zoo client.
type Row = Case<Client>;

const API_KEY: (&str, &str) = ("x-zoo-key", "zoo-key");
const LEO: &str = "enclosures/savanna/animals/leo";
const MENU_TYPE: &str = "type.googleapis.com/zoo.v1.Menu";
const ANIMAL_TYPE: &str = "type.googleapis.com/zoo.v1.Animal";

// ---------------------------------------------------------------------------
// What the server answers.
// ---------------------------------------------------------------------------

/// An animal that sets every kind of field the zoo has.
fn animal(name: &str) -> Value {
    json!({
        "name": name,
        "type": "SPECIES_LION",
        "weightGrams": "190000000000",
        "photo": "AAH+/w==",
        "tags": ["big", "cat"],
        "feedingTimes": ["2024-05-01T10:00:00Z", "2024-05-01T18:30:00.250Z"],
        "attributes": {"mood": "sleepy", "teeth": "sharp"},
        "parent": {"name": "enclosures/savanna/animals/nala", "type": "SPECIES_LION"},
        "extra": {"keeper": "Ann", "visits": [1, 2.5, null, true]},
        "_legacyName": "Leo the old",
        "legacyName": "Leo",
        "checkups": [{"verdict": "HEALTHY", "plan": {"items": ["meat"], "nextFeed": "3600s"}}],
        "treats": {"treats": ["bone", "more bone"]},
        "birthday": {"year": 2019, "month": 6, "day": 15},
        "menu": {"items": ["zebra", "antelope"], "nextFeed": "43200.500s"},
    })
}

/// Relocation's progress: the next feed's menu.
fn relocation_menu() -> Value {
    json!({"@type": MENU_TYPE, "items": ["travel snack"], "nextFeed": "60s"})
}

/// The operation relocating the animal `name`, still running or done (in
/// canonical form: a running one leaves `done` out).
fn relocation(name: &str, done: bool) -> Value {
    let animal_id = name.rsplit('/').next().unwrap_or_default();
    let mut operation = json!({
        "name": format!("operations/relocate-{animal_id}"),
        "metadata": relocation_menu(),
    });
    if done {
        let mut moved = animal(&name.replace("savanna", "jungle"));
        moved["@type"] = json!(ANIMAL_TYPE);
        operation["done"] = json!(true);
        operation["response"] = moved;
    }
    operation
}

/// What the zoo server answers to method `id` with `request` (an
/// [`Answers`](crate::method_table::Answers)).
fn zoo_answer(id: &str, request: &Value) -> Value {
    let name = request["name"].as_str().unwrap_or_default();
    match id {
        "enclosures.animals.get" => animal(name),
        "enclosures.animals.list" => match request["pageToken"].as_str().unwrap_or_default() {
            "" => json!({
                "animals": [animal(LEO), animal("enclosures/savanna/animals/nala")],
                "nextPageToken": "page 2/&",
            }),
            _ => json!({"animals": [animal("enclosures/savanna/animals/kimba")]}),
        },
        "enclosures.animals.patch" => request["animal"].clone(),
        "enclosures.animals.delete" => Value::Null,
        "enclosures.animals.feed" => {
            let portions = request["portions"].as_i64().unwrap_or_default();
            (1..=portions)
                .map(|bites| json!({"bites": bites}))
                .collect()
        }
        "enclosures.animals.relocate" => relocation(name, false),
        "enclosures.animals.uploadPhoto" => json!({"uri": "https://zoo.example.com/photos/1"}),
        "operations.get" => relocation(
            &name.replace("operations/relocate-", "enclosures/savanna/animals/"),
            true,
        ),
        other => panic!("the zoo has no method {other}"),
    }
}

// ---------------------------------------------------------------------------
// The service.
// ---------------------------------------------------------------------------

/// Records every request and answers [`zoo_answer`]; a newborn animal has no
/// species for its first two fetches, and `ghost` is not there.
#[derive(Clone)]
struct Zoo {
    recorder: Recorder,
    newborn_fetches: Arc<AtomicUsize>,
}

impl Zoo {
    fn new() -> Self {
        Self {
            recorder: Recorder::new(zoo_answer),
            newborn_fetches: Arc::default(),
        }
    }

    /// Records `request` and answers the table's operation. The zoo's
    /// `Operation` has no `response` field: the result travels as an
    /// unknown field, which the recorder's strict decoding would refuse.
    fn operation<Req: Serialize + std::fmt::Debug>(
        &self,
        id: &str,
        request: &Req,
    ) -> Result<Operation, ServerError> {
        let request = self.recorder.record(id, request)?;
        zoo_v1::codec::from_value(&zoo_answer(id, &request))
            .map_err(|error| ServerError::internal(format!("{id}: {error}")))
    }
}

type Answer<T> = Result<T, ServerError>;

impl Service for Zoo {
    async fn enclosures_animals_get(&self, r: GetAnimalRequest) -> Answer<Animal> {
        if r.name.ends_with("/ghost") {
            self.recorder.record("enclosures.animals.get", &r)?;
            return Err(ServerError::not_found(format!("no animal {}", r.name)));
        }
        let mut animal: Animal = self.recorder.answer("enclosures.animals.get", &r)?;
        if r.name.ends_with("/newborn") && self.newborn_fetches.fetch_add(1, Ordering::SeqCst) < 2 {
            animal.r#type = Species::Unspecified;
        }
        Ok(animal)
    }
    async fn enclosures_animals_list(&self, r: ListAnimalsRequest) -> Answer<ListAnimalsResponse> {
        self.recorder.answer("enclosures.animals.list", &r)
    }
    async fn enclosures_animals_patch(&self, r: UpdateAnimalRequest) -> Answer<Animal> {
        self.recorder.answer("enclosures.animals.patch", &r)
    }
    async fn enclosures_animals_delete(&self, r: GetAnimalRequest) -> Answer<()> {
        self.recorder.nothing("enclosures.animals.delete", &r)
    }
    async fn enclosures_animals_feed(&self, r: FeedRequest) -> Answer<ServerStream<FeedEvent>> {
        self.recorder.stream("enclosures.animals.feed", &r)
    }
    async fn enclosures_animals_relocate(&self, r: GetAnimalRequest) -> Answer<Operation> {
        self.operation("enclosures.animals.relocate", &r)
    }
    async fn enclosures_animals_upload_photo(
        &self,
        r: UploadPhotoRequest,
    ) -> Answer<UploadPhotoResponse> {
        self.recorder.answer("enclosures.animals.uploadPhoto", &r)
    }
    async fn operations_get(&self, r: GetAnimalRequest) -> Answer<Operation> {
        self.operation("operations.get", &r)
    }
    async fn enclosures_animals_upload_photo_media(
        &self,
        r: UploadPhotoRequest,
        media: UploadedMedia,
    ) -> Answer<UploadPhotoResponse> {
        let request = self.recorder.record("enclosures.animals.uploadPhoto", &r)?;
        let size = media.bytes.len();
        let checksum: usize = media.bytes.iter().map(|&byte| usize::from(byte)).sum();
        Ok(UploadPhotoResponse::new().set_uri(format!(
            "https://zoo.example.com/photos/{}?type={}&size={size}&sum={checksum}",
            request["caption"].as_str().unwrap_or_default(),
            media.mime_type,
        )))
    }
}

/// A zoo served on 127.0.0.1, and a client of it.
async fn start() -> (Zoo, Client) {
    let zoo = Zoo::new();
    let client = client(&serve(router(zoo.clone())).await);
    (zoo, client)
}

/// Polls every 5 ms, for at most 10 s.
fn quick_polls() -> PollPolicy {
    PollPolicy {
        initial_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(5),
        multiplier: 1.0,
        timeout: Some(Duration::from_secs(10)),
    }
}

/// A zoo client of `base`, without retries.
fn client(base: &str) -> Client {
    Client::builder()
        .api_key(API_KEY.1)
        .base_url(base)
        .retry(RetryPolicy::NONE)
        .build()
        .unwrap()
}

// ---------------------------------------------------------------------------
// The table.
// ---------------------------------------------------------------------------

/// One case per zoo method.
fn cases() -> Vec<Row> {
    let leo = GetAnimalRequest::new().set_name(LEO);
    let path = format!("/v1/{LEO}");
    let operation = relocation(LEO, false);
    vec![
        Row::new(
            "enclosures.animals.get",
            leo.clone(),
            |c, r| async move { c.enclosures().animals().get(r).await },
            Wire::get(&path),
        ),
        Row::new(
            "enclosures.animals.list",
            ListAnimalsRequest::new()
                .set_parent("enclosures/savanna")
                .set_page_size(2)
                .set_page_token("page 2/&"),
            |c, r| async move { c.enclosures().animals().list(r).await },
            Wire::get("/v1/enclosures/savanna/animals")
                .query(&[("pageSize", "2"), ("pageToken", "page 2/&")]),
        ),
        Row::new(
            "enclosures.animals.patch",
            UpdateAnimalRequest::new()
                .set_animal(
                    Animal::new()
                        .set_name(LEO)
                        .set_weight_grams(9_007_199_254_740_993_i64)
                        .set_tags(["old", "wise"])
                        .set_grams(1500_u64),
                )
                .set_update_mask(FieldMask::new(["weight_grams", "tags", "grams"])),
            |c, r| async move { c.enclosures().animals().patch(r).await },
            Wire::patch(
                &path,
                json!({
                    "name": LEO,
                    "weightGrams": "9007199254740993",
                    "tags": ["old", "wise"],
                    "grams": "1500",
                }),
            )
            .query(&[("updateMask", "weightGrams,tags,grams")]),
        ),
        Row::new(
            "enclosures.animals.delete",
            leo.clone(),
            |c, r| async move { c.enclosures().animals().delete(r).await },
            Wire::delete(&path),
        ),
        Row::new(
            "enclosures.animals.feed",
            FeedRequest::new().set_name(LEO).set_portions(3),
            |c, r| async move {
                let events = c.enclosures().animals().feed(r).await?;
                events.try_collect::<Vec<_>>().await
            },
            Wire::post(&format!("{path}:feed"), json!({"portions": 3})).query(&[("alt", "sse")]),
        ),
        Row::new(
            "enclosures.animals.relocate",
            leo.clone(),
            |c, r| async move {
                // The client answers a LongRunning handle: compare what it exposes.
                let operation = c.enclosures().animals().relocate(r).await?;
                Ok::<_, Error>(json!({
                    "name": operation.name(),
                    "done": operation.is_done(),
                    "metadata": operation.metadata()?,
                }))
            },
            Wire::post(&format!("{path}:relocate"), json!({})),
        )
        .decoded_as(json!({
            "name": operation["name"],
            "done": false,
            "metadata": {"items": ["travel snack"], "nextFeed": "60s"},
        })),
        Row::new(
            "enclosures.animals.uploadPhoto",
            UploadPhotoRequest::new().set_caption("Leo at dawn"),
            |c, r| async move { c.enclosures().animals().upload_photo(r).await },
            Wire::post("/v1/photos", json!({"caption": "Leo at dawn"})),
        ),
        Row::new(
            "operations.get",
            GetAnimalRequest::new().set_name("operations/relocate-leo"),
            |c, r| async move {
                // The result is an unknown field of the zoo's Operation: compare the JSON.
                let operation = c.operations().get(r).await?;
                Ok::<_, Error>(serde_json::to_value(&operation).expect("an operation encodes"))
            },
            Wire::get("/v1/operations/relocate-leo"),
        ),
    ]
}

// ---------------------------------------------------------------------------
// The tests.
// ---------------------------------------------------------------------------

#[test]
fn the_zoo_table_covers_every_method_and_no_other() {
    assert_covers(&cases(), "tests/fixtures/zoo");
}

/// The zoo client sends each case's wire form with its API key header.
#[tokio::test]
async fn zoo_client_sends_every_wire_form() {
    let connect = |server: &RecordingServer| client(&server.base_url());
    check_client(&cases(), connect, zoo_answer, API_KEY).await;
}

/// The zoo server decodes each case's wire form into the case's request,
/// and the zoo client's calls go through it and back.
#[tokio::test]
async fn zoo_server_serves_every_method() {
    let zoo = Zoo::new();
    let base = serve(router(zoo.clone())).await;
    check_server(&cases(), &base, || client(&base), &zoo.recorder, API_KEY).await;
}

/// `list_items` follows `nextPageToken` through the server, keeping the
/// other query parameters on every page.
#[tokio::test]
async fn zoo_list_items_pages_through_the_server() {
    let (zoo, client) = start().await;
    let request = ListAnimalsRequest::new()
        .set_parent("enclosures/savanna")
        .set_page_size(2);
    let animals: Vec<Animal> = client
        .enclosures()
        .animals()
        .list_items(request.clone())
        .try_collect()
        .await
        .unwrap();
    let names: Vec<&str> = animals.iter().map(|animal| animal.name.as_str()).collect();
    assert_eq!(
        names,
        [
            LEO,
            "enclosures/savanna/animals/nala",
            "enclosures/savanna/animals/kimba"
        ]
    );
    let second = request.clone().set_page_token("page 2/&");
    let id = "enclosures.animals.list".to_owned();
    assert_eq!(
        zoo.recorder.take(),
        [
            (id.clone(), serde_json::to_value(&request).unwrap()),
            (id, serde_json::to_value(&second).unwrap()),
        ]
    );
}

/// A relocation starts running with its menu as progress, and waiting for
/// it polls `operations.get` until it is done with the moved animal.
#[tokio::test]
async fn zoo_relocation_is_polled_until_done() {
    let (zoo, client) = start().await;
    let operation = client
        .enclosures()
        .animals()
        .relocate(GetAnimalRequest::new().set_name(LEO))
        .await
        .unwrap();
    assert!(!operation.is_done());
    assert!(operation.result().is_none());
    let menu = operation.metadata().unwrap().unwrap();
    assert_eq!(menu.items, ["travel snack"]);
    let moved = operation.wait(quick_polls()).await.unwrap();
    assert_eq!(moved.name, "enclosures/jungle/animals/leo");
    assert_eq!(moved.r#type, Species::Lion);
    assert_eq!(moved.weight_grams, Some(190_000_000_000));
    // A shipped Google type, the runtime's: `types::google_type::Date`.
    let birthday: &apigen_runtime::types::google_type::Date = moved.birthday.as_ref().unwrap();
    assert_eq!((birthday.year, birthday.month, birthday.day), (2019, 6, 15));
    let seen: Vec<(String, Value)> = zoo.recorder.take();
    assert_eq!(
        seen,
        [
            (
                "enclosures.animals.relocate".to_owned(),
                json!({"name": LEO})
            ),
            (
                "operations.get".to_owned(),
                json!({"name": "operations/relocate-leo"})
            ),
        ]
    );
}

/// `wait_until_named` fetches the newborn until it has a species.
#[tokio::test]
async fn zoo_waits_until_the_newborn_is_named() {
    let (zoo, client) = start().await;
    let newborn = "enclosures/savanna/animals/newborn";
    let animal = client
        .enclosures()
        .animals()
        .wait_until_named(GetAnimalRequest::new().set_name(newborn), quick_polls())
        .await
        .unwrap();
    assert_eq!(animal.r#type, Species::Lion);
    assert_eq!(zoo.recorder.take().len(), 3, "fetched until named");
}

/// A photo uploaded in several chunks arrives whole, with its metadata and
/// MIME type.
#[tokio::test]
async fn zoo_photo_upload_arrives_whole() {
    let (zoo, client) = start().await;
    let photo: Vec<u8> = (0..600 * 1024).map(|i| (i % 251) as u8).collect();
    let checksum: usize = photo.iter().map(|&byte| usize::from(byte)).sum();
    let size = photo.len();
    let response = client
        .enclosures()
        .animals()
        .upload_photo_media(
            UploadPhotoRequest::new().set_caption("leo"),
            Media::from_bytes(photo, "image/png").chunk_size(256 * 1024),
        )
        .await
        .unwrap();
    assert_eq!(
        response.uri,
        format!("https://zoo.example.com/photos/leo?type=image/png&size={size}&sum={checksum}")
    );
    assert_eq!(
        zoo.recorder.take(),
        [(
            "enclosures.animals.uploadPhoto".to_owned(),
            json!({"caption": "leo"})
        )]
    );
}

/// Bad input gets a clear error: a name off the path template is refused
/// before sending, and an animal that is not there answers 404.
#[tokio::test]
async fn zoo_errors_are_clear() {
    let (zoo, client) = start().await;
    for name in [
        "",
        "enclosures/savanna",
        "operations/x",
        "enclosures/../animals/x",
    ] {
        let result = client
            .enclosures()
            .animals()
            .get(GetAnimalRequest::new().set_name(name))
            .await;
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
            "get {name:?} gave {result:?}"
        );
    }
    assert_eq!(zoo.recorder.take(), [], "nothing reached the server");

    let result = client
        .enclosures()
        .animals()
        .get(GetAnimalRequest::new().set_name("enclosures/savanna/animals/ghost"))
        .await;
    match result {
        Err(Error::Api(error)) => {
            assert_eq!(error.http_status, 404);
            assert_eq!(error.status.code, apigen_runtime::Code::NotFound);
            assert!(error.status.message.contains("ghost"), "{error:?}");
        }
        other => panic!("a missing animal gave {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// The spec's limit on the waits a server may ask for.
// ---------------------------------------------------------------------------

/// A 429 whose `Retry-After` asks for `seconds`.
fn slow_down(seconds: u64) -> apigen_tests::Reply {
    apigen_tests::Reply::JsonWithHeaders(
        429,
        vec![("retry-after", seconds.to_string())],
        json!({"error": {"code": 429}}),
    )
}

/// A zoo client of `base` with the spec's own retry policy.
fn client_with_the_spec_s_retries(base: &str) -> Client {
    Client::builder()
        .api_key(API_KEY.1)
        .base_url(base)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_server_wait_past_the_spec_s_max_server_delay_ends_the_call_at_once() {
    let server = RecordingServer::start(|_| slow_down(2)).await;
    let started = std::time::Instant::now();
    let error = client_with_the_spec_s_retries(&server.base_url())
        .enclosures()
        .animals()
        .get(GetAnimalRequest::new().set_name(LEO))
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(error.retry_delay(), Some(Duration::from_secs(2)));
    assert_eq!(server.take().len(), 1, "no second attempt");
}

#[tokio::test]
async fn a_server_wait_within_the_spec_s_max_server_delay_is_waited_for() {
    let attempts = AtomicUsize::new(0);
    let server = RecordingServer::start(move |_| match attempts.fetch_add(1, Ordering::SeqCst) {
        0 => slow_down(1),
        _ => apigen_tests::Reply::Json(200, animal(LEO)),
    })
    .await;
    let started = std::time::Instant::now();
    let answer = client_with_the_spec_s_retries(&server.base_url())
        .enclosures()
        .animals()
        .get(GetAnimalRequest::new().set_name(LEO))
        .await
        .unwrap();
    assert_eq!(answer.name, LEO);
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(server.take().len(), 2);
}

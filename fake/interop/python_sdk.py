"""The official Python SDK (google-genai) against gemini-fake.

usage: python python_sdk.py BASE_URL

BASE_URL is a gemini-fake started with `--script fake/interop/script.json`
(its scripted answers are consumed here, in order). Each check prints one
line, PASS or FAIL; the last line is `python: N passed, N failed`. The exit
status is 1 when a check failed.
"""

import io
import json
import sys
import time
import traceback
import warnings

from google import genai
from google.genai import errors, types

warnings.filterwarnings("ignore", message="The SDK's tuning implementation is experimental")
BASE_URL = sys.argv[1]
MODEL = "gemini-2.0-flash"
# Scripted in script.json: a function call, then nothing.
CALLING_MODEL = "gemini-2.5-pro"
# Scripted in script.json: 429, a safety block, a stream cut after one event, fixed usage.
SCRIPTED_MODEL = "gemini-2.5-flash"
EMBEDDING_MODEL = "gemini-embedding-001"
TUNING_BASE = "models/gemini-1.5-flash-001-tuning"

client = genai.Client(
    api_key="interop-key",
    http_options=types.HttpOptions(base_url=BASE_URL, api_version="v1beta"),
)
results = {"passed": 0, "failed": 0}
# What earlier checks made, for later ones.
made = {}


def check(name):
    """Runs the decorated function at once as the check `name`."""

    def run(body):
        try:
            body()
        except Exception as error:  # noqa: BLE001 - every failure is reported
            reason = f"{type(error).__name__}: {error}".splitlines()[0][:300]
            results["failed"] += 1
            print(f"FAIL {name}: {reason}")
            traceback.print_exc(limit=3, file=sys.stdout)
        else:
            results["passed"] += 1
            print(f"PASS {name}")
        return body

    return run


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def expect_api_error(code, call):
    """Runs `call`, which must fail with the SDK's APIError of HTTP status `code`."""
    try:
        call()
    except errors.APIError as error:
        expect(error.code == code, f"expected {code}, got {error.code}: {error.message}")
        return error
    raise AssertionError(f"expected an APIError {code}, the call succeeded")


def tokens(text):
    """The fake's token rule for text: four characters a token, rounded up."""
    return -(-len(text) // 4)


# ---- files ----


@check("files.upload (small)")
def _():
    data = b"hello from the python sdk\n"
    file = client.files.upload(
        file=io.BytesIO(data),
        config=types.UploadFileConfig(mime_type="text/plain", display_name="py small"),
    )
    expect(file.name.startswith("files/"), file.name)
    expect(file.size_bytes == len(data), file.size_bytes)
    expect(file.mime_type == "text/plain", file.mime_type)
    # run.sh starts the fake with --processing-time: the file is not usable yet.
    expect(file.state == types.FileState.PROCESSING, file.state)
    made["small"] = file


@check("files.get polls until the file is ACTIVE")
def _():
    file = made["small"]
    for _ in range(100):
        if file.state != types.FileState.PROCESSING:
            break
        time.sleep(0.1)
        file = client.files.get(name=file.name)
    expect(file.state == types.FileState.ACTIVE, file.state)


@check("files.upload keeps a snake_case display_name")
def _():
    expect(made["small"].display_name == "py small", repr(made["small"].display_name))


@check("files.upload (multi-chunk, 8 MiB + 1000 bytes)")
def _():
    data = bytes(range(256)) * (8 * 4096) + b"x" * 1000
    file = client.files.upload(
        file=io.BytesIO(data),
        config=types.UploadFileConfig(mime_type="application/octet-stream"),
    )
    expect(file.size_bytes == len(data), file.size_bytes)
    made["big"] = file


@check("files.get")
def _():
    file = client.files.get(name=made["small"].name)
    expect(file.name == made["small"].name, file.name)
    expect(file.size_bytes == made["small"].size_bytes, file.size_bytes)


@check("files.list across pages")
def _():
    pager = client.files.list(config=types.ListFilesConfig(page_size=1))
    expect(len(pager.page) == 1, f"first page has {len(pager.page)} files")
    names = [file.name for file in pager]
    expect({made["small"].name, made["big"].name} <= set(names), names)


@check("files.delete, then get is 404")
def _():
    client.files.delete(name=made["big"].name)
    expect_api_error(404, lambda: client.files.get(name=made["big"].name))


@check("files.get of an unknown file is 404")
def _():
    expect_api_error(404, lambda: client.files.get(name="files/no-such-file"))


# ---- caches ----

CACHED_TEXT = "A long document that several prompts share."
SYSTEM_TEXT = "Answer briefly."


@check("caches.create")
def _():
    for display_name in ("py cache 1", "py cache 2"):
        cache = client.caches.create(
            model=MODEL,
            config=types.CreateCachedContentConfig(
                display_name=display_name,
                contents=[types.Content(role="user", parts=[types.Part(text=CACHED_TEXT)])],
                system_instruction=SYSTEM_TEXT,
                ttl="300s",
            ),
        )
        expect(cache.name.startswith("cachedContents/"), cache.name)
        expect(cache.expire_time is not None, "no expire_time")
        made.setdefault("caches", []).append(cache)


@check("caches.get")
def _():
    cache = client.caches.get(name=made["caches"][0].name)
    expect(cache.model == f"models/{MODEL}", cache.model)
    expect(cache.usage_metadata.total_token_count == tokens(CACHED_TEXT) + tokens(SYSTEM_TEXT),
           cache.usage_metadata)


@check("caches.list across pages")
def _():
    pager = client.caches.list(config=types.ListCachedContentsConfig(page_size=1))
    expect(len(pager.page) == 1, f"first page has {len(pager.page)} caches")
    names = [cache.name for cache in pager]
    expect({cache.name for cache in made["caches"]} <= set(names), names)


@check("caches.update ttl")
def _():
    before = made["caches"][0]
    after = client.caches.update(
        name=before.name, config=types.UpdateCachedContentConfig(ttl="7200s")
    )
    expect(after.expire_time > before.expire_time, (before.expire_time, after.expire_time))


@check("generate_content with cached_content counts the cache")
def _():
    response = client.models.generate_content(
        model=MODEL,
        contents="Summarize it",
        config=types.GenerateContentConfig(cached_content=made["caches"][0].name),
    )
    expect(response.text == "Summarize it", response.text)
    cached = tokens(CACHED_TEXT) + tokens(SYSTEM_TEXT)
    usage = response.usage_metadata
    expect(usage.cached_content_token_count == cached, usage)
    expect(usage.prompt_token_count == cached + tokens("Summarize it"), usage)


@check("caches.create with a negative ttl is 400")
def _():
    expect_api_error(400, lambda: client.caches.create(
        model=MODEL,
        config=types.CreateCachedContentConfig(contents=["x"], ttl="-60s"),
    ))


@check("caches.create refuses a ttl of 'ten minutes' with 400")
def _():
    expect_api_error(400, lambda: client.caches.create(
        model=MODEL,
        config=types.CreateCachedContentConfig(contents=["x"], ttl="ten minutes"),
    ))


@check("caches.delete, then get is 404")
def _():
    for cache in made["caches"]:
        client.caches.delete(name=cache.name)
    expect_api_error(404, lambda: client.caches.get(name=made["caches"][0].name))


# ---- tunings ----


@check("tunings.tune without training data is refused with 400")
def _():
    # google-genai 3.6.1 drops the examples of a Gemini API tuning job (its
    # _tune_mldev ignores what _TuningDataset_to_mldev builds), so the request
    # has no training data, which the API requires.
    expect_api_error(400, lambda: client.tunings.tune(
        base_model=TUNING_BASE,
        training_dataset=types.TuningDataset(
            examples=[types.TuningExample(text_input="1", output="2")]
        ),
        config=types.CreateTuningJobConfig(tuned_model_display_name="py tuned"),
    ))


@check("tunedModels.create through the SDK's API client")
def _():
    examples = [{"textInput": str(n), "output": str(n + 1)} for n in range(4)]
    body = {
        "baseModel": TUNING_BASE,
        "displayName": "py tuned",
        "tuningTask": {
            "hyperparameters": {"epochCount": 2},
            "trainingData": {"examples": {"examples": examples}},
        },
    }
    response = client._api_client.request("post", "tunedModels", body)
    operation = json.loads(response.body)
    expect(operation.get("done") is not True, operation)
    made["job"] = types.TuningJob(name=operation["metadata"]["tunedModel"])


@check("tunings.get polls until the job is done")
def _():
    # The fake runs a job for a second (run.sh's --tuning-time): poll every
    # 0.1 s, for up to 10 s.
    states = []
    job = made["job"]
    for _ in range(100):
        job = client.tunings.get(name=made["job"].name)
        states.append(job.state)
        if job.has_ended:
            break
        time.sleep(0.1)
    expect(states[0] != types.JobState.JOB_STATE_SUCCEEDED, f"done at once: {states}")
    expect(job.state == types.JobState.JOB_STATE_SUCCEEDED, states)
    made["tuned"] = job


@check("generate_content on the tuned model")
def _():
    response = client.models.generate_content(model=made["job"].name, contents="Count on")
    expect(response.text == "Count on", response.text)


@check("models.list of tuned models")
def _():
    names = [model.name for model in client.models.list(config={"query_base": False})]
    expect(made["job"].name in names, names)


@check("models.delete of the tuned model, then get is 404")
def _():
    client.models.delete(model=made["job"].name)
    expect_api_error(404, lambda: client.tunings.get(name=made["job"].name))


# ---- models ----


@check("models.list across pages")
def _():
    pager = client.models.list(config=types.ListModelsConfig(page_size=2))
    expect(len(pager.page) == 2, f"first page has {len(pager.page)} models")
    names = [model.name for model in pager]
    expect(f"models/{MODEL}" in names and f"models/{EMBEDDING_MODEL}" in names, names)


@check("models.get")
def _():
    model = client.models.get(model=MODEL)
    expect(model.name == f"models/{MODEL}", model.name)
    expect(model.input_token_limit == 1048576, model.input_token_limit)
    expect("generateContent" in model.supported_actions, model.supported_actions)


@check("models.get of an unknown model is 404")
def _():
    expect_api_error(404, lambda: client.models.get(model="no-such-model"))


# ---- generation ----

PROMPT = "Why is the sky blue?"


@check("generate_content")
def _():
    response = client.models.generate_content(model=MODEL, contents=PROMPT)
    expect(response.text == PROMPT, response.text)
    usage = response.usage_metadata
    expect(usage.prompt_token_count == tokens(PROMPT), usage)
    expect(usage.candidates_token_count == tokens(PROMPT), usage)
    expect(usage.total_token_count == 2 * tokens(PROMPT), usage)


@check("generate_content_stream")
def _():
    chunks = list(client.models.generate_content_stream(model=MODEL, contents=PROMPT))
    expect(len(chunks) >= 2, f"{len(chunks)} chunks")
    expect("".join(chunk.text or "" for chunk in chunks) == PROMPT, [c.text for c in chunks])
    expect(chunks[-1].usage_metadata.total_token_count == 2 * tokens(PROMPT), chunks[-1])


@check("count_tokens")
def _():
    counted = client.models.count_tokens(model=MODEL, contents=PROMPT)
    expect(counted.total_tokens == tokens(PROMPT), counted)


@check("embed_content")
def _():
    result = client.models.embed_content(
        model=EMBEDDING_MODEL,
        contents=["cat", "dog", "cat"],
        config=types.EmbedContentConfig(output_dimensionality=8),
    )
    values = [embedding.values for embedding in result.embeddings]
    expect(all(len(v) == 8 for v in values), [len(v) for v in values])
    expect(values[0] == values[2] and values[0] != values[1], "stable and distinct")


@check("chats with history")
def _():
    chat = client.chats.create(
        model=MODEL,
        history=[
            types.Content(role="user", parts=[types.Part(text="My name is Ada.")]),
            types.Content(role="model", parts=[types.Part(text="Hello, Ada.")]),
        ],
    )
    first = chat.send_message("What is my name?")
    second = chat.send_message("Thanks!")
    expect((first.text, second.text) == ("What is my name?", "Thanks!"), (first.text, second.text))
    expect(len(chat.get_history()) == 6, len(chat.get_history()))


@check("a function call round trip")
def _():
    weather = types.FunctionDeclaration(
        name="get_weather",
        description="The weather in a city.",
        parameters=types.Schema(
            type=types.Type.OBJECT,
            properties={"city": types.Schema(type=types.Type.STRING)},
        ),
    )
    config = types.GenerateContentConfig(
        tools=[types.Tool(function_declarations=[weather])],
        automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
    )
    question = types.Content(role="user", parts=[types.Part(text="Weather in Paris?")])
    response = client.models.generate_content(
        model=CALLING_MODEL, contents=[question], config=config
    )
    call = response.function_calls[0]
    expect((call.name, call.args) == ("get_weather", {"city": "Paris"}), call)
    answer = types.Part.from_function_response(name="get_weather", response={"temp_c": 21})
    final = client.models.generate_content(
        model=CALLING_MODEL,
        contents=[question, response.candidates[0].content, types.Content(role="user", parts=[answer])],
        config=config,
    )
    expect(final.text == 'get_weather returned {"temp_c":21}', final.text)


@check("a scripted 429 arrives as an APIError with RetryInfo")
def _():
    error = expect_api_error(429, lambda: client.models.generate_content(
        model=SCRIPTED_MODEL, contents="hi"))
    expect(error.status == "RESOURCE_EXHAUSTED", error.status)
    details = json.dumps(error.details)
    expect("google.rpc.RetryInfo" in details and "7s" in details, details)


@check("a scripted safety block")
def _():
    response = client.models.generate_content(model=SCRIPTED_MODEL, contents="hi")
    expect(response.prompt_feedback.block_reason == types.BlockedReason.SAFETY,
           response.prompt_feedback)
    expect(not response.candidates and response.text is None, response)


@check("a scripted stream cut midway")
def _():
    received = []
    try:
        for chunk in client.models.generate_content_stream(model=SCRIPTED_MODEL, contents="hi"):
            received.append(chunk.text)
    except Exception:  # noqa: BLE001 - the cut surfaces as the HTTP library's error
        expect(received == ["one two "], received)
        return
    raise AssertionError(f"the stream ended normally after {received}")


@check("scripted usage metadata")
def _():
    response = client.models.generate_content(model=SCRIPTED_MODEL, contents="hi")
    usage = response.usage_metadata
    expect((response.text, usage.total_token_count) == ("counted by hand", 33), response)


@check("generate_content on an unknown model is 404")
def _():
    expect_api_error(404, lambda: client.models.generate_content(
        model="no-such-model", contents="hi"))


# ---- the SDK's default API version (v1) ----

v1_client = genai.Client(api_key="interop-key", http_options=types.HttpOptions(base_url=BASE_URL))


@check("the default api_version (v1): models.get, generate_content, stream, count_tokens, embed")
def _():
    model = v1_client.models.get(model=MODEL)
    expect(model.name == f"models/{MODEL}", model.name)
    response = v1_client.models.generate_content(model=MODEL, contents="over v1")
    expect(response.text == "over v1", response.text)
    expect(response.model_version == MODEL and response.response_id, response)
    chunks = list(v1_client.models.generate_content_stream(model=MODEL, contents="one two three"))
    expect([chunk.text for chunk in chunks] == ["one ", "two ", "three"], [c.text for c in chunks])
    expect(all(chunk.usage_metadata.prompt_token_count == 4 for chunk in chunks), chunks)
    counted = v1_client.models.count_tokens(model=MODEL, contents="12345678")
    expect(counted.total_tokens == 2, counted)
    embedded = v1_client.models.embed_content(
        model=EMBEDDING_MODEL, contents="cat",
        config=types.EmbedContentConfig(output_dimensionality=4))
    expect(len(embedded.embeddings[0].values) == 4, embedded)


print(f"python: {results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)

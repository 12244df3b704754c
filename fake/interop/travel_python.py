"""The travel assistant of gemini/examples/travel.rs on the official Python SDK.

usage: GEMINI_API_KEY=... python travel_python.py BASE_URL
"""

import io
import sys
import time

from google import genai
from google.genai import errors, types

BASE_URL = sys.argv[1]
retry = types.HttpRetryOptions(attempts=3)
options = types.HttpOptions(base_url=BASE_URL, api_version="v1beta", retry_options=retry)
client = genai.Client(http_options=options)


def get_weather(city: str) -> str:
    """Today's weather in a city."""
    return f"Sunny and 24 °C in {city}"


# 1. A three-turn chat that keeps its history.
chat = client.chats.create(model="gemini-2.0-flash")
for message in ["I am going to Lisbon.", "For three days.", "What should I see?"]:
    print("chat:", chat.send_message(message).text)
print(f"history: {len(chat.get_history())} turns")

# 2. The model calls get_weather; the SDK runs it and answers.
config = types.GenerateContentConfig(tools=[get_weather])
planner = client.chats.create(model="gemini-2.5-pro", config=config)
print("weather:", planner.send_message("Weather in Lisbon?").text)

# 3. A streamed answer.
for chunk in chat.send_message_stream("Describe Lisbon in a few words."):
    print(chunk.text or "", end="")
print()

# 4. Upload a few-MB file, wait until it is ACTIVE, ask about it.
upload = types.UploadFileConfig(mime_type="text/plain", display_name="itinerary")
file = client.files.upload(file=io.BytesIO(b"a" * (3 << 20)), config=upload)
while file.state.name == "PROCESSING":
    time.sleep(0.5)
    file = client.files.get(name=file.name)
answer = client.models.generate_content(model="gemini-2.0-flash", contents=[file, "What is in this file?"])
print("file:", answer.text)

# 5. A 429 is retried; a safety block is reported.
answer = client.models.generate_content(model="gemini-2.5-flash", contents="Any deals?")
print("after 429:", answer.text)
blocked = client.models.generate_content(model="gemini-2.5-flash", contents="Something unsafe")
print("blocked:", blocked.prompt_feedback.block_reason.name)

# 6. Count tokens, embed, list models page by page.
count = client.models.count_tokens(model="gemini-2.0-flash", contents="How long is this?")
print("tokens:", count.total_tokens)
embedding = client.models.embed_content(model="gemini-embedding-001", contents="Lisbon")
print(f"embedding: {len(embedding.embeddings[0].values)} values")
pager = client.models.list(config={"page_size": 5})
print("models:", ", ".join(model.name for model in pager.page))
while pager.config.get("page_token"):
    print("models:", ", ".join(model.name for model in pager.next_page()))

# 7. Clear errors for a bad key and an unknown model.
wrong_key = genai.Client(api_key="not-a-key", http_options=options)
try:
    wrong_key.models.generate_content(model="gemini-2.0-flash", contents="Hi")
except errors.ClientError as error:
    print("bad key:", error)
try:
    client.models.generate_content(model="no-such-model", contents="Hi")
except errors.ClientError as error:
    print("unknown model:", error)

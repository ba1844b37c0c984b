#!/bin/sh
# The serve_command of an acquisition policy: loads a trained LoRA adapter into a running vLLM server
# under the policy's id, so that `policy: {kind: endpoint}` can ask it by that name.
# Start vLLM once, before `datasearch acquire`, with runtime LoRA loading allowed, e.g.:
#   VLLM_ALLOW_RUNTIME_LORA_UPDATING=True vllm serve Qwen/Qwen2.5-0.5B-Instruct --enable-lora --max-loras 4 --port 8000
# and set OPENAI_BASE_URL=http://127.0.0.1:8000/v1.
# Usage (DataSearch fills the placeholders): load_adapter.sh {model_id} {model_dir}
set -eu
name="$1"
path="$2"
base="${OPENAI_BASE_URL:?set OPENAI_BASE_URL to the vLLM server, e.g. http://127.0.0.1:8000/v1}"
body=$(python3 -c 'import json, sys; print(json.dumps({"lora_name": sys.argv[1], "lora_path": sys.argv[2]}))' "$name" "$path")
curl -sS --fail -X POST "$base/load_lora_adapter" -H 'Content-Type: application/json' -d "$body"

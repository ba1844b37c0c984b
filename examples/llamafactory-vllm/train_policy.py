#!/usr/bin/env python3
"""The train_command of an acquisition policy with LLaMA-Factory (LoRA), for `datasearch acquire`.

DataSearch calls it once per policy update (see ads.yaml):

    python3 train_policy.py --from {from_model} --data {data} --out {model_dir} --steps {steps} \
        --seed {seed} --batch-size {batch_size} --learning-rate {learning_rate}

--from is the base model (a hub id or folder) for the first training, later the LoRA adapter folder of
the policy being updated: training then continues that adapter on the base model. --data is JSONL of
{"prompt", "response"}. The adapter is written to --out, which is what answer and serve commands get.
With --dry-run the LLaMA-Factory files are written and the command printed, nothing is trained (how
this script is tested without a GPU). Standard library only; llamafactory-cli must be on PATH.
"""
import argparse
import json
import os
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", required=True)
    parser.add_argument("--base-model", default=None, help="the base model under an adapter (default: read from the adapter's adapter_config.json)")
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--learning-rate", type=float, default=1e-4)
    parser.add_argument("--template", default="qwen")
    parser.add_argument("--cutoff-len", type=int, default=1024)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()

    rows = []
    with open(args.data, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if not isinstance(row.get("prompt"), str) or not isinstance(row.get("response"), str):
                sys.exit(f"{args.data}:{number}: expected string fields 'prompt' and 'response'")
            rows.append({"instruction": row["prompt"], "input": "", "output": row["response"]})

    os.makedirs(args.out, exist_ok=True)
    work = os.path.join(args.out, "llamafactory")
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "policy_data.json"), "w", encoding="utf-8") as f:
        json.dump(rows, f, ensure_ascii=False)
    with open(os.path.join(work, "dataset_info.json"), "w", encoding="utf-8") as f:
        json.dump({"policy_data": {"file_name": "policy_data.json"}}, f)

    # Continuing an adapter: the base model comes from the adapter's own config.
    adapter = args.source if os.path.isfile(os.path.join(args.source, "adapter_config.json")) else None
    base = args.base_model or (json.load(open(os.path.join(adapter, "adapter_config.json")))["base_model_name_or_path"] if adapter else args.source)
    config = {
        "model_name_or_path": base,
        "stage": "sft",
        "do_train": True,
        "finetuning_type": "lora",
        "lora_target": "all",
        "dataset": "policy_data",
        "dataset_dir": work,
        "template": args.template,
        "cutoff_len": args.cutoff_len,
        "output_dir": args.out,
        "overwrite_output_dir": True,
        "per_device_train_batch_size": args.batch_size,
        "gradient_accumulation_steps": 1,
        "learning_rate": args.learning_rate,
        "max_steps": args.steps,
        "lr_scheduler_type": "cosine",
        "warmup_ratio": 0.05,
        "seed": args.seed,
        "logging_steps": 10,
        "save_strategy": "no",
        "report_to": "none",
    }
    if adapter:
        config["adapter_name_or_path"] = adapter
    path = os.path.join(work, "train.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
    command = ["llamafactory-cli", "train", path]
    if args.dry_run:
        print(" ".join(command))
        return
    subprocess.run(command, check=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Score a fine-tuned model on AutoSelection's benchmarks and write DataSearch's result file.

Generates answers with vLLM (greedy), extracts the final answer per benchmark, scores exact matches and
writes {"benchmarks": [{"name", "score", "kind", "correct", "items"}]} (scores in percent), the contract
the command evaluator reads (docs/backends.md). GSM8K, MMLU, BBH and GPQA are in-distribution; NLGraph is
reported as out-of-distribution.

  python3 evaluate.py --model saves/run --data /path/to/autoselection/data/eval --out result.json
  python3 evaluate.py --base-model Qwen/Qwen2.5-1.5B --adapter saves/lora --data ... --out result.json
  python3 evaluate.py --predictions preds.jsonl --data ... --out result.json   # score saved outputs, no GPU

Only the standard library is needed for scoring; vLLM is imported only when generating.
"""
import argparse
import json
import os
import random
import re
import sys

# name -> (file, kind, max new tokens)
BENCHMARKS = {
    "gsm8k": ("gsm8k_test.jsonl", "in_distribution", 512),
    "mmlu": ("mmlu_test.jsonl", "in_distribution", 256),
    "bbh": ("bbh_test.jsonl", "in_distribution", 512),
    "gpqa": ("gpqa_main.jsonl", "in_distribution", 512),
    "nlgraph": ("NLgraph_test.jsonl", "out_of_distribution", 512),
}
LETTERS = "ABCD"
FINAL = "End your reply with a line of the form 'The answer is X'."


def read_jsonl(path, limit):
    items = []
    with open(path, encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as error:
                sys.exit(f"{path}:{line_number}: not JSON ({error})")
            if limit and len(items) >= limit:
                break
    return items


def options(choices):
    return "\n".join(f"{LETTERS[i]}. {choice}" for i, choice in enumerate(choices))


def gpqa_choices(item, index):
    """The correct and incorrect answers in an order fixed by the item's position, and the correct letter."""
    choices = [item["correct_answer"]] + list(item["incorrect_answers"])
    order = list(range(len(choices)))
    random.Random(index).shuffle(order)
    return [choices[i] for i in order], LETTERS[order.index(0)]


def build(name, item, index):
    """(prompt, gold answer) for one benchmark item."""
    if name == "gsm8k":
        gold = item["answer"].split("####")[-1]
        return f"{item['question']}\nSolve step by step. {FINAL}", normalise_number(gold)
    if name == "mmlu":
        question = f"{item['question']}\n{options(item['choices'])}\nAnswer with the letter of the correct option. {FINAL}"
        return question, LETTERS[int(float(item["answer"]))]
    if name == "bbh":
        return f"{item['input']}\n{FINAL}", item["target"]
    if name == "gpqa":
        choices, gold = gpqa_choices(item, index)
        return f"{item['question']}\n{options(choices)}\nAnswer with the letter of the correct option. {FINAL}", gold
    if name == "nlgraph":
        return f"{item['question']}\n{FINAL}", (item.get("task", ""), graph_answer(item.get("task", ""), item["answer"]))
    raise ValueError(name)


def graph_answer(task, text):
    """NLGraph's answer as a comparable key: yes/no for connectivity and cycle, else the final answer without spaces."""
    if task in ("connectivity", "cycle"):
        match = re.search(r"\b(yes|no)\b", (final_answer(text) or text).lower())
        return match.group(1) if match else None
    answer = final_answer(text)
    return re.sub(r"\s+", "", answer).lower().rstrip(".") if answer else None


def final_answer(text):
    """What follows the last 'the answer is', up to the end of its sentence; None when absent."""
    matches = re.findall(r"(?:answer|solution) is[:\s]*(.+)", text, flags=re.IGNORECASE)
    if not matches:
        return None
    answer = matches[-1].strip()
    answer = re.split(r"(?<![0-9])\.(?:\s|$)|\n", answer)[0]
    return answer.strip().strip("*").strip()


def normalise_number(text):
    numbers = re.findall(r"-?\d[\d,]*(?:\.\d+)?", text.replace("$", ""))
    if not numbers:
        return text.strip()
    value = numbers[-1].replace(",", "")
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return value


def letter(text):
    answer = final_answer(text)
    for candidate in ([answer] if answer else []) + [text]:
        match = re.search(r"\(?\b([A-D])\b\)?", candidate)
        if match:
            return match.group(1)
    return None


def normalise(text):
    return re.sub(r"\s+", " ", text.strip().strip(".").strip()).lower()


def correct(name, output, gold):
    if name == "gsm8k":
        answer = final_answer(output)
        return normalise_number(answer if answer else output) == gold
    if name in ("mmlu", "gpqa"):
        return letter(output) == gold
    if name == "nlgraph":
        task, key = gold
        return key is not None and graph_answer(task, output) == key
    answer = final_answer(output) or output
    if name == "bbh" and re.fullmatch(r"\([A-Z]\)", gold.strip()):
        match = re.search(r"\(?\b([A-Z])\b\)?", answer)
        return match is not None and f"({match.group(1)})" == gold.strip()
    return normalise(answer) == normalise(gold)


def generate(args, prompts):
    """Greedy outputs for {benchmark: [prompt, ...]} with vLLM, as {benchmark: [output, ...]}."""
    from vllm import LLM, SamplingParams  # imported here: scoring saved predictions needs no GPU

    model = args.model or args.base_model
    llm = LLM(model=model, enable_lora=args.adapter is not None, seed=args.seed, max_model_len=args.max_model_len)
    lora = None
    if args.adapter:
        from vllm.lora.request import LoRARequest
        lora = LoRARequest("datasearch", 1, args.adapter)
    tokenizer = llm.get_tokenizer()
    outputs = {}
    for name, texts in prompts.items():
        chats = [tokenizer.apply_chat_template([{"role": "user", "content": t}], tokenize=False, add_generation_prompt=True) for t in texts]
        params = SamplingParams(temperature=0.0, max_tokens=BENCHMARKS[name][2])
        results = llm.generate(chats, params, lora_request=lora)
        outputs[name] = [r.outputs[0].text for r in results]
    return outputs


def saved_predictions(path):
    outputs = {}
    for record in read_jsonl(path, 0):
        outputs.setdefault(record["benchmark"], {})[int(record["index"])] = record["output"]
    return outputs


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="folder with AutoSelection's eval files (gsm8k_test.jsonl, ...)")
    parser.add_argument("--out", required=True, help="the result file to write")
    parser.add_argument("--model", help="a full model folder or hub id")
    parser.add_argument("--base-model", help="the base model of --adapter")
    parser.add_argument("--adapter", help="a LoRA adapter folder (LLaMA-Factory's output_dir with finetuning_type: lora)")
    parser.add_argument("--predictions", help="score saved outputs (JSONL: benchmark, index, output) instead of generating")
    parser.add_argument("--benchmarks", default=",".join(BENCHMARKS), help="comma-separated subset of " + ", ".join(BENCHMARKS))
    parser.add_argument("--limit", type=int, default=0, help="items per benchmark (0: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-model-len", type=int, default=4096)
    args = parser.parse_args()
    if not args.predictions and not (args.model or (args.base_model and args.adapter)):
        parser.error("give --model, or --base-model with --adapter, or --predictions")

    names = [n.strip() for n in args.benchmarks.split(",") if n.strip()]
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"--benchmarks: unknown {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    items = {}
    for name in names:
        path = os.path.join(args.data, BENCHMARKS[name][0])
        if not os.path.exists(path):
            sys.exit(f"{path}: missing (expected AutoSelection's data/eval folder in --data)")
        built = [build(name, item, i) for i, item in enumerate(read_jsonl(path, args.limit))]
        # NLGraph's matching, shortest-path, flow and Hamilton answers are free prose with no final
        # answer to compare: those items are left out (and counted) rather than scored as wrong.
        items[name] = [(i, prompt, gold) for i, (prompt, gold) in enumerate(built) if not (name == "nlgraph" and gold[1] is None)]
        if len(items[name]) < len(built):
            print(f"{name}: {len(built) - len(items[name])} items without a comparable answer are not scored")

    if args.predictions:
        saved = saved_predictions(args.predictions)
        outputs = {name: [saved.get(name, {}).get(i, "") for i, _, _ in items[name]] for name in names}
    else:
        outputs = generate(args, {name: [prompt for _, prompt, _ in items[name]] for name in names})

    benchmarks = []
    for name in names:
        hits = sum(correct(name, output, gold) for output, (_, _, gold) in zip(outputs[name], items[name]))
        total = len(items[name])
        benchmarks.append({"name": name, "score": round(100.0 * hits / max(total, 1), 4), "kind": BENCHMARKS[name][1], "correct": hits, "items": total})
        print(f"{name}: {hits}/{total} = {100.0 * hits / max(total, 1):.1f}")
    temporary = args.out + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump({"benchmarks": benchmarks}, handle, indent=2)
        handle.write("\n")
    os.replace(temporary, args.out)  # atomic: the evaluator never reads half a file


if __name__ == "__main__":
    main()

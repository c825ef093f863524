"""Golden per-string losses of examples/models/sharptune-base under Hugging Face transformers (PyTorch, float32).

For each string: the token ids (BOS + the text, as the tokenizer config adds BOS), the mean cross-entropy of
`model(ids, labels=ids).loss` and its perplexity. For each (instruction, response) pair: the mean cross-entropy of
the response's own tokens after the alpaca prompt holding the instruction (its slots encoded one by one, as
LLaMA-Factory's template does) (labels -100 on the prompt), as Cherry
LLM's IFD conditions it, and of BOS + the response alone. Run in the project's reference chroot:

    chroot SID python3 make_fixture.py MODEL_DIR > sharptune_base_losses.json
"""
import json
import sys

import torch
from transformers import AutoModelForCausalLM, PreTrainedTokenizerFast

STRINGS = [
    "The President of the United States",
    "Y dijo Dios: Sea la luz; y fué la luz.",
    "Could not open %s: permission denied",
    "Inserte y numere sus fórmulas en un solo paso.",
]
PAIRS = [
    ("Translate to Spanish:\nOpen the file", "Abrir el archivo"),
    ("Translate to Spanish:\nOpen the file", "Y dijo Dios: Sea la luz"),
]
ALPACA_SYSTEM = "Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n"


def mean_ce(model, ids, labels):
    with torch.no_grad():
        return model(torch.tensor([ids]), labels=torch.tensor([labels])).loss.item()


def main(model_dir):
    torch.manual_seed(0)
    tok = PreTrainedTokenizerFast(tokenizer_file=f"{model_dir}/tokenizer.json")
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32).eval()
    bos = tok.convert_tokens_to_ids("<s>")
    enc = lambda text: tok.encode(text, add_special_tokens=False)
    strings = []
    for s in STRINGS:
        ids = [bos] + enc(s)
        loss = mean_ce(model, ids, ids)
        strings.append({"text": s, "input_ids": ids, "loss": loss, "perplexity": float(torch.tensor(loss).exp())})
    pairs = []
    for instruction, response in PAIRS:
        # LLaMA-Factory encodes each slot of the template on its own: the system text, then the user turn.
        prompt = enc(ALPACA_SYSTEM) + enc("### Instruction:\n" + instruction + "\n\n### Response:\n")
        target = enc(response)
        conditioned = mean_ce(model, prompt + target, [-100] * len(prompt) + target)
        alone = mean_ce(model, [bos] + target, [bos] + target)
        pairs.append({"instruction": instruction, "response": response, "prompt_ids": prompt, "conditioned_loss": conditioned,
                      "alone_loss": alone, "ifd": conditioned / alone})
    json.dump({"model": "examples/models/sharptune-base", "transformers": __import__("transformers").__version__,
               "torch": torch.__version__, "strings": strings, "pairs": pairs}, sys.stdout, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])

"""Writes tiny random Qwen2 checkpoints and the logits that Hugging Face transformers computes for them.

The files are test data for diffusion-lm's forward pass: our Java implementation, run in causal mode,
must reproduce transformers' Qwen2 logits within fp32 tolerance. Run on any machine with torch and
transformers (no network needed):

    python3 make_qwen2_reference.py OUT_DIR

Writes OUT_DIR/qwen2-tiny-f32/ (config.json, model.safetensors), OUT_DIR/qwen2-tiny-bf16-sharded/
(bf16 weights in several shards + model.safetensors.index.json) and OUT_DIR/reference-logits.safetensors.
"""
import json
import os
import sys

import torch
import transformers
from safetensors.torch import save_file
from transformers import Qwen2Config, Qwen2ForCausalLM
from transformers.models.qwen2 import modeling_qwen2

out = sys.argv[1]
torch.manual_seed(1234)

config = Qwen2Config(
    vocab_size=384,
    hidden_size=64,
    intermediate_size=160,
    num_hidden_layers=2,
    num_attention_heads=4,
    num_key_value_heads=2,
    max_position_embeddings=256,
    rope_theta=1_000_000.0,
    rms_norm_eps=1e-6,
    tie_word_embeddings=False,
    bos_token_id=380,
    eos_token_id=380,
    pad_token_id=380,
    attn_implementation="eager",
)
model = Qwen2ForCausalLM(config).eval()
# random init gives near-zero biases and norms of one; perturb them so the test sees their effect
with torch.no_grad():
    for name, p in model.named_parameters():
        if name.endswith("bias") or "norm" in name:
            p.add_(torch.randn_like(p) * 0.2)

f32_dir = os.path.join(out, "qwen2-tiny-f32")
model.save_pretrained(f32_dir, safe_serialization=True)

bf16_model = Qwen2ForCausalLM(config).eval()
bf16_model.load_state_dict(model.state_dict())
bf16_model = bf16_model.to(torch.bfloat16)
bf16_dir = os.path.join(out, "qwen2-tiny-bf16-sharded")
bf16_model.save_pretrained(bf16_dir, safe_serialization=True, max_shard_size="100KB")
# the bf16 reference: the same bf16 weights widened to fp32, computed in fp32
bf16_as_f32 = Qwen2ForCausalLM(config).eval()
bf16_as_f32.load_state_dict({k: v.float() for k, v in bf16_model.state_dict().items()})

g = torch.Generator().manual_seed(99)
plain = torch.randint(0, 380, (2, 11), generator=g)
lengths = [7, 11]
padded = torch.full((2, 11), 380, dtype=torch.long)
mask = torch.zeros((2, 11), dtype=torch.long)
for row, n in enumerate(lengths):
    padded[row, 11 - n:] = torch.randint(0, 380, (n,), generator=g)
    mask[row, 11 - n:] = 1

tensors = {}
with torch.no_grad():
    tensors["causal.input_ids"] = plain
    tensors["causal.logits"] = model(input_ids=plain).logits.float().contiguous()
    tensors["causal_bf16.logits"] = bf16_as_f32(input_ids=plain).logits.float().contiguous()

    position_ids = (mask.cumsum(-1) - 1).clamp(min=0)
    tensors["causal_padded.input_ids"] = padded
    tensors["causal_padded.attention_mask"] = mask
    tensors["causal_padded.position_ids"] = position_ids
    tensors["causal_padded.logits"] = model(
        input_ids=padded, attention_mask=mask, position_ids=position_ids).logits.float().contiguous()

    # Bidirectional (Dream-style) attention: the same Qwen2 blocks with a mask that hides only the
    # padding keys. transformers has no switch for it, so the mask builder is replaced for this call.
    def bidirectional_mask(*args, **kwargs):
        am = kwargs.get("attention_mask")
        emb = kwargs.get("inputs_embeds", kwargs.get("input_embeds"))
        b, n = emb.shape[0], emb.shape[1]
        keys = torch.ones((b, n), dtype=torch.bool) if am is None else am.bool()
        allowed = keys[:, None, None, :].expand(b, 1, n, n)
        return torch.where(allowed, 0.0, torch.finfo(emb.dtype).min).to(emb.dtype)

    original = modeling_qwen2.create_causal_mask
    modeling_qwen2.create_causal_mask = bidirectional_mask
    try:
        tensors["bidirectional_padded.logits"] = model(
            input_ids=padded, attention_mask=mask, position_ids=position_ids).logits.float().contiguous()
    finally:
        modeling_qwen2.create_causal_mask = original
    check = model(input_ids=plain).logits.float()
    assert torch.allclose(check, tensors["causal.logits"]), "mask builder not restored"

save_file({k: v.contiguous() for k, v in tensors.items()}, os.path.join(out, "reference-logits.safetensors"),
          metadata={"torch": torch.__version__, "transformers": transformers.__version__})
with open(os.path.join(out, "versions.json"), "w") as f:
    json.dump({"torch": torch.__version__, "transformers": transformers.__version__}, f)
print("wrote", sorted(os.listdir(out)), "torch", torch.__version__, "transformers", transformers.__version__)

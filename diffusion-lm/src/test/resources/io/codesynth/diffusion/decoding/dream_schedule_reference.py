"""Regenerates dream-schedule-reference.txt: the per-step reveal counts and origin probabilities that
Dream's diffusion_generate computes with torch float32 (timesteps = linspace(1, eps, steps + 1);
k = int(masked * (1 - s / t)), all remaining on the last step), on CPU and, where present, CUDA.

Usage: python3 dream_schedule_reference.py > dream-schedule-reference.txt
Line format: device masked steps eps | k_0 k_1 ... | float32 bits (hex) of 1 - s/t per step
"""
import struct
import torch

CASES = [(256, 256), (256, 128), (256, 64), (256, 32), (256, 512), (128, 128), (128, 64), (100, 30),
         (64, 64), (64, 8), (37, 12), (32, 32), (32, 4), (512, 512), (512, 64), (7, 3), (1, 1)]
EPSILONS = [1e-3, 0.0, 1e-4, 1e-2]


def bits(value):
    return struct.unpack("<I", struct.pack("<f", value))[0]


def schedule(device, masked, steps, eps):
    timesteps = torch.linspace(1, eps, steps + 1, device=device)
    remaining = torch.tensor(masked, dtype=torch.long, device=device)
    counts, ratios = [], []
    for i in range(steps):
        t = timesteps[i]
        s = timesteps[i + 1]
        ratio = 1 - s / t
        ratios.append(format(bits(ratio.item()), "08x"))
        num_mask_token = remaining / 1  # Dream: mask_index.sum() / batch -> float32
        k = int(num_mask_token * ratio) if i < steps - 1 else int(num_mask_token)
        k = min(k, int(remaining.item()))
        counts.append(k)
        remaining = remaining - k
    return counts, ratios


devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
print("# torch", torch.__version__, "devices", devices)
for device in devices:
    for eps in EPSILONS:
        for masked, steps in CASES:
            counts, ratios = schedule(device, masked, steps, eps)
            print(device, masked, steps, repr(eps), "|", " ".join(map(str, counts)), "|", " ".join(ratios))

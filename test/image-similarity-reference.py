#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Independent reference for sagin's image similarity measures (model/image-similarity.h):
scikit-image's structural_similarity, a direct transcription of the seed code's SSIM in
PyTorch, and torch.nn.functional.kl_div for the two KL divergences.

Usage: image-similarity-reference.py INPUT.json

INPUT holds "pairs": a list of [A, B], each image a C×H×W nested list. Prints one line per
pair:
  pair I wang X uniform7 X gaussian_sample X seed X kl_seed X kl_pixel X
"""

import json
import sys

import numpy as np
import torch
import torch.nn.functional as F
from skimage.metrics import structural_similarity


def seed_ssim(a, b, window_size=11, sigma=2.0):
    """The seed code's SSIM: a Gaussian window, conv2d with zero padding, the whole map's mean."""
    channel = a.shape[1]
    x = torch.arange(window_size, dtype=torch.float64) - window_size // 2
    gauss = torch.exp(-(x**2) / (2 * sigma**2))
    gauss = gauss / gauss.sum()
    window = (gauss[:, None] @ gauss[None, :]).expand(channel, 1, window_size, window_size)
    pad = window_size // 2
    mu1 = F.conv2d(a, window, padding=pad, groups=channel)
    mu2 = F.conv2d(b, window, padding=pad, groups=channel)
    mu1_sq, mu2_sq, mu1_mu2 = mu1 * mu1, mu2 * mu2, mu1 * mu2
    sigma1_sq = F.conv2d(a * a, window, padding=pad, groups=channel) - mu1_sq
    sigma2_sq = F.conv2d(b * b, window, padding=pad, groups=channel) - mu2_sq
    sigma12 = F.conv2d(a * b, window, padding=pad, groups=channel) - mu1_mu2
    c1, c2 = 0.01**2, 0.03**2
    ssim_map = ((2 * mu1_mu2 + c1) * (2 * sigma12 + c2)) / (
        (mu1_sq + mu2_sq + c1) * (sigma1_sq + sigma2_sq + c2)
    )
    return ssim_map.mean().item()


def seed_kl(original, reconstruction):
    """Channel-normalised images, softmax over all values, kl_div with the batch mean."""

    def flat(image):
        return (image / image.sum(dim=(2, 3), keepdim=True)).flatten(1)

    return F.kl_div(
        F.log_softmax(flat(reconstruction), dim=1),
        F.softmax(flat(original), dim=1),
        reduction="batchmean",
    ).item()


def pixel_kl(original, reconstruction, eps=1e-3):
    """Mean KL between the Bernoulli distributions of each pair of values."""
    p = original.clamp(eps, 1 - eps).flatten()
    q = reconstruction.clamp(eps, 1 - eps).flatten()
    target = torch.stack([p, 1 - p], dim=1)
    log_input = torch.log(torch.stack([q, 1 - q], dim=1))
    return (F.kl_div(log_input, target, reduction="sum") / p.numel()).item()


def main():
    with open(sys.argv[1]) as f:
        data = json.load(f)
    for i, (a, b) in enumerate(data["pairs"]):
        a = np.array(a, dtype=np.float64)
        b = np.array(b, dtype=np.float64)
        common = dict(channel_axis=0, data_range=1.0)
        wang = structural_similarity(
            a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, **common
        )
        uniform7 = structural_similarity(a, b, win_size=7, **common)
        gaussian_sample = structural_similarity(
            a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=True, **common
        )
        ta = torch.from_numpy(a)[None]
        tb = torch.from_numpy(b)[None]
        print(
            f"pair {i} wang {wang!r} uniform7 {uniform7!r} gaussian_sample {gaussian_sample!r} "
            f"seed {seed_ssim(ta, tb)!r} kl_seed {seed_kl(ta, tb)!r} "
            f"kl_pixel {pixel_kl(ta, tb)!r}"
        )


if __name__ == "__main__":
    main()

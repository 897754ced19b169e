#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Random weights for sagin's ResNet-50 with two USAM blocks, from an independent PyTorch twin.

The twin is the backbone of the split-inference CVL experiment, written from its description:

    conv1 -> bn1 -> relu -> usam1 -> maxpool -> layer1 -> usam2 -> layer2 -> layer3 -> layer4
    -> global average pool -> bottleneck (Linear 2048->512, BatchNorm1d(512), Dropout)
    -> classifier (Linear 512->classes)

with torchvision-style Bottleneck blocks (stride on the 3x3 convolution; 3, 4, 6, 3 blocks) and
USAM, a spatial attention whose only parameters are one BatchNorm2d(1):
m = sum of x over channels; c = 9 m - boxsum3x3(m) (zero padding); att = ReLU(BN(c)) with its
one-pixel border set to 0; out = x + att * x.

Every parameter is drawn from --seed, and so are the batch normalisations' affine parameters; their
running statistics are then measured on a random batch (train-mode passes with cumulative
averaging) and perturbed, so that eval mode is neither the identity nor out of scale. The state
dict's keys are conv1.weight, bn1.*, usam1.bn.*, usam2.bn.*, layerL.J.convK.weight,
layerL.J.bnK.*, layerL.0.downsample.0.weight, layerL.0.downsample.1.*, bottleneck.0.weight,
bottleneck.0.bias, bottleneck.1.*, classifier.weight, classifier.bias (each batch normalisation
has weight, bias, running_mean, running_var and num_batches_tracked).

Options:
  --out FILE          where to write torch.save(dict(model.state_dict())) (required)
  --seed N            seed of the weights and of the reference input (default 1)
  --classes N         classifier outputs (default 701, the University-1652 training buildings)
  --reference FILE    also write torch.save of a dict of float32 tensors, all from eval mode:
                        input         N x 3 x S x S, standard normal
                        conv1, usam1, layer1, usam2, layer2, layer3, layer4
                                      the features at the seven split points (conv1 before bn1;
                                      usam1 after bn1, relu and USAM1; layer1 after maxpool and
                                      layer1; usam2 after USAM2; then the stages)
                        embedding     N x 512, the bottleneck's output
                        embedding_l2  the same, each row divided by its L2 norm
                        retrieval     N x 512, L2-normalised sum of the embeddings of the image
                                      and of its horizontal flip (the experiment's feature)
                        logits        N x classes, the classifier's output
  --input S           side S of the reference input, pixels (default 64, for speed)
  --batch N           images in the reference input (default 2)

Run with /usr/bin/python3 (Debian's python3-torch).
"""

import argparse
import sys

import torch
from torch import nn
import torch.nn.functional as F

SPLIT_POINTS = ["conv1", "usam1", "layer1", "usam2", "layer2", "layer3", "layer4"]


class Usam(nn.Module):
    """USAM: parameter-free spatial attention with one BatchNorm2d(1)."""

    def __init__(self):
        super().__init__()
        self.bn = nn.BatchNorm2d(1)

    def forward(self, x):
        m = x.sum(dim=1, keepdim=True)
        box = F.conv2d(m, torch.ones(1, 1, 3, 3, dtype=x.dtype), padding=1)
        c = 9.0 * m - box
        att = F.relu(self.bn(c))
        border = torch.zeros_like(att)
        border[:, :, 1:-1, 1:-1] = 1.0
        att = att * border
        return x + att * x


class Bottleneck(nn.Module):
    """1x1 -> 3x3 (stride) -> 1x1 with 4x expansion, as torchvision's."""

    def __init__(self, inplanes, planes, stride):
        super().__init__()
        width = planes
        self.conv1 = nn.Conv2d(inplanes, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.downsample = None
        if stride != 1 or inplanes != planes * 4:
            self.downsample = nn.Sequential(
                nn.Conv2d(inplanes, planes * 4, 1, stride=stride, bias=False),
                nn.BatchNorm2d(planes * 4))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        shortcut = x if self.downsample is None else self.downsample(x)
        return F.relu(y + shortcut)


def make_layer(inplanes, planes, blocks, stride):
    layers = [Bottleneck(inplanes, planes, stride)]
    for _ in range(1, blocks):
        layers.append(Bottleneck(planes * 4, planes, 1))
    return nn.Sequential(*layers)


class ResNet50Usam(nn.Module):
    """The backbone of REFERENCE.md: ResNet-50, USAM after relu and after layer1, 512-d head."""

    def __init__(self, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.usam1 = Usam()
        self.layer1 = make_layer(64, 64, 3, 1)
        self.usam2 = Usam()
        self.layer2 = make_layer(256, 128, 4, 2)
        self.layer3 = make_layer(512, 256, 6, 2)
        self.layer4 = make_layer(1024, 512, 3, 2)
        self.bottleneck = nn.Sequential(nn.Linear(2048, 512), nn.BatchNorm1d(512),
                                        nn.Dropout(0.5))
        self.classifier = nn.Linear(512, classes)

    def features(self, x):
        """@return the split-point features in order, then the 512-d embedding"""
        out = []
        x = self.conv1(x)
        out.append(x)
        x = self.usam1(F.relu(self.bn1(x)))
        out.append(x)
        x = self.layer1(F.max_pool2d(x, 3, stride=2, padding=1))
        out.append(x)
        x = self.usam2(x)
        out.append(x)
        for layer in (self.layer2, self.layer3, self.layer4):
            x = layer(x)
            out.append(x)
        x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
        out.append(self.bottleneck(x))
        return out

    def forward(self, x):
        return self.classifier(self.features(x)[-1])


def randomise(model, seed, size):
    """Draw every parameter from seed, then measure and perturb the running statistics."""
    generator = torch.Generator().manual_seed(seed)
    norms = (nn.BatchNorm1d, nn.BatchNorm2d)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.Conv2d):
                fan_out = module.out_channels * module.kernel_size[0] * module.kernel_size[1]
                module.weight.normal_(0.0, (2.0 / fan_out) ** 0.5, generator=generator)
            elif isinstance(module, nn.Linear):
                bound = 1.0 / module.in_features ** 0.5
                module.weight.uniform_(-bound, bound, generator=generator)
                module.bias.uniform_(-bound, bound, generator=generator)
            elif isinstance(module, norms):
                module.weight.uniform_(0.5, 1.5, generator=generator)
                module.bias.normal_(0.0, 0.1, generator=generator)
                module.reset_running_stats()
                module.momentum = None  # cumulative average over the calibration passes
        model.train()
        for _ in range(2):
            model(torch.randn(4, 3, size, size, generator=generator))
        for module in model.modules():
            if isinstance(module, norms):
                module.momentum = 0.1
                module.running_mean.add_(
                    torch.randn(module.running_mean.shape, generator=generator), alpha=0.05)
                module.running_var.mul_(
                    torch.empty(module.running_var.shape).uniform_(0.8, 1.25,
                                                                   generator=generator))
    model.eval()


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog="export-resnet50-usam-weights.py",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="state dict to write")
    parser.add_argument("--seed", type=int, default=1, help="seed of weights and input")
    parser.add_argument("--classes", type=int, default=701, help="classifier outputs")
    parser.add_argument("--reference", help="also write reference tensors here")
    parser.add_argument("--input", type=int, default=64, help="side of the reference input")
    parser.add_argument("--batch", type=int, default=2, help="images in the reference input")
    args = parser.parse_args(argv)
    if args.classes < 1:
        parser.error("--classes must be at least 1, not %d" % args.classes)
    if args.input < 32:
        parser.error("--input must be at least 32 (the network downsamples by 32), not %d"
                     % args.input)
    if args.batch < 1:
        parser.error("--batch must be at least 1, not %d" % args.batch)
    return args


def main(argv):
    args = parse_arguments(argv)
    torch.manual_seed(args.seed)
    model = ResNet50Usam(args.classes)
    randomise(model, args.seed, args.input)
    # A plain dict: LibTorch 1.13 cannot read a pickled OrderedDict (what state_dict() returns).
    torch.save(dict(model.state_dict()), args.out)
    if args.reference:
        generator = torch.Generator().manual_seed(args.seed + 1)
        x = torch.randn(args.batch, 3, args.input, args.input, generator=generator)
        with torch.no_grad():
            out = model.features(x)
            embedding = out[-1]
            flipped = model.features(torch.flip(x, dims=[3]))[-1]
            reference = {"input": x}
            reference.update(zip(SPLIT_POINTS, out[:-1]))
            reference["embedding"] = embedding
            reference["embedding_l2"] = F.normalize(embedding, dim=1)
            reference["retrieval"] = F.normalize(embedding + flipped, dim=1)
            reference["logits"] = model.classifier(embedding)
        torch.save({k: v.contiguous() for k, v in reference.items()}, args.reference)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Export torchvision's ResNet-50 as a TorchScript archive that sagin's TorchScriptModel loads.

The network is torchvision's ResNet-50 with random weights (weights=None, initialised from
--seed), rewrapped as an nn.Sequential of its named top-level children with an explicit Flatten
before the classifier, so that running the children one after the other is the whole forward:

    conv1, bn1, relu, maxpool, layer1, layer2, layer3, layer4, avgpool, flatten, fc

(torchvision's own ResNet.forward flattens inside forward, between avgpool and fc; its children
in sequence would hand fc a 4-D tensor, and TorchScriptModel refuses such a module.)

Options:
  --out FILE          the TorchScript archive to write (required)
  --seed N            seed of the random initialisation (default 1)
  --mode MODE         script (torch.jit.script, the default) or trace (torch.jit.trace)
  --reference FILE    also write torch.save({"input": x, "output": y}) with a reference input
                      x (N x 3 x S x S, standard normal from the seed) and the archive's output y
  --input S           side of the reference input and of the trace example, pixels (default 64)
  --batch N           images in the reference input (default 2)

Run with /usr/bin/python3 (Debian's python3-torch and python3-torchvision).
"""

import argparse
import collections
import sys


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog="export-torchvision-resnet50.py",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="TorchScript archive to write")
    parser.add_argument("--seed", type=int, default=1, help="seed of the initialisation")
    parser.add_argument("--mode", choices=["script", "trace"], default="script",
                        help="torch.jit.script or torch.jit.trace")
    parser.add_argument("--reference", help="also write a reference input and output here")
    parser.add_argument("--input", type=int, default=64, help="side of the reference input")
    parser.add_argument("--batch", type=int, default=2, help="images in the reference input")
    args = parser.parse_args(argv)
    if args.input < 32:
        parser.error("--input must be at least 32 (ResNet-50 downsamples by 32), not %d"
                     % args.input)
    if args.batch < 1:
        parser.error("--batch must be at least 1, not %d" % args.batch)
    return args


def sequential_resnet50(seed):
    """torchvision's ResNet-50, randomly initialised from seed, as a flat nn.Sequential."""
    import torch
    import torchvision

    torch.manual_seed(seed)
    net = torchvision.models.resnet50(weights=None)
    children = collections.OrderedDict()
    for name, child in net.named_children():
        if name == "fc":
            children["flatten"] = torch.nn.Flatten(1)
        children[name] = child
    return torch.nn.Sequential(children).eval()


def main(argv):
    args = parse_arguments(argv)
    try:
        import torch
    except ImportError as error:
        print("export-torchvision-resnet50.py: error: %s" % error, file=sys.stderr)
        return 2
    model = sequential_resnet50(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    x = torch.randn(args.batch, 3, args.input, args.input, generator=generator)
    with torch.no_grad():
        if args.mode == "script":
            archive = torch.jit.script(model)
        else:
            archive = torch.jit.trace(model, x)
        archive.save(args.out)
        if args.reference:
            y = torch.jit.load(args.out)(x)
            torch.save({"input": x, "output": y}, args.reference)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

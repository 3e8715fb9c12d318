"""Build a tiny but real `.argosmodel` pack: a SentencePiece model and a CTranslate2
Transformer whose weights are set by hand.

All attention and feed-forward weights are zero, so the decoder's state is just
the embedding of the token it last wrote; the output projection then maps each
token to the next one of a fixed chain. Whatever the source, the model writes
the chain, deterministically: nonsense as a translation, but it runs through
the real tokenizer, model loading and beam search.
"""

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import sentencepiece
from ctranslate2.specs import TransformerSpec, model_spec

TRAINING_TEXT = [
    "the patient has a fever",
    "the doctor sees the patient",
    "give the medicine",
    "hola mundo",
    "bonjour le monde",
    "hello world",
]
SPECIALS = ["<unk>", "<s>", "</s>"]


def _train_tokenizer() -> bytes:
    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(TRAINING_TEXT * 10),
        model_writer=model,
        vocab_size=40,
        hard_vocab_limit=False,
        model_type="word",
        bos_id=-1,
        eos_id=-1,
        minloglevel=2,
    )
    return model.getvalue()


def _zero_weights(layer, size: int, vocabulary: int, heads: int, path="") -> None:
    for key, value in list(vars(layer).items()):
        where = f"{path}/{key}"
        if isinstance(value, list):
            for index, item in enumerate(value):
                _zero_weights(item, size, vocabulary, heads, f"{where}_{index}")
        elif isinstance(value, model_spec.LayerSpec):
            _zero_weights(value, size, vocabulary, heads, where)
        elif value is None:
            setattr(layer, key, _zeros(key, where, size, vocabulary, heads))


def _zeros(key: str, where: str, size: int, vocabulary: int, heads: int):
    if key == "gamma":
        return np.ones(size, np.float32)
    if key.startswith("relative_position"):
        return np.zeros((2 * 20 + 1, size // heads), np.float32)
    if key == "beta":
        return np.zeros(size, np.float32)
    rows = size
    if "embeddings" in where or "projection" in where:
        rows = vocabulary
    elif "self_attention/linear_0" in where:
        rows = 3 * size
    elif "attention/linear_1" in where and "self_attention" not in where:
        rows = 2 * size
    return np.zeros((rows, size), np.float32)


def build_model(folder: Path, output: str, tokenizer: bytes) -> None:
    """Write a CTranslate2 model that answers `output` to any input."""
    processor = sentencepiece.SentencePieceProcessor(model_proto=tokenizer)
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    vocabulary = SPECIALS + [piece for piece in pieces if piece not in SPECIALS]
    size, heads = len(vocabulary) + len(vocabulary) % 2, 2
    spec = TransformerSpec.from_config(1, heads, with_relative_position=True)
    _zero_weights(spec, size, len(vocabulary), heads)

    index = {token: i for i, token in enumerate(vocabulary)}
    embeddings = np.eye(len(vocabulary), size, dtype=np.float32) * 4
    spec.encoder.embeddings[0].weight = embeddings.copy()
    spec.decoder.embeddings.weight = embeddings
    chain = ["<s>", *processor.encode(output, out_type=str), "</s>"]
    unknown = set(chain) - set(index)
    if unknown:
        raise ValueError(f"the tokenizer cannot write {sorted(unknown)}")
    projection = np.zeros((len(vocabulary), size), np.float32)
    for token, following in zip(chain, chain[1:], strict=False):
        projection[index[following], index[token]] = 10.0
    spec.decoder.projection.weight = projection
    spec.decoder.projection.bias = np.zeros(len(vocabulary), np.float32)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    folder.mkdir(parents=True)
    spec.save(str(folder))


def build_pack(
    out_dir: Path, source: str = "en", target: str = "es", output: str = "hola mundo"
) -> Path:
    """Write `<source>_<target>.argosmodel` into out_dir and return its path."""
    tokenizer = _train_tokenizer()
    work = out_dir / f"build-{source}-{target}"
    build_model(work / "model", output, tokenizer)
    metadata = {
        "package_version": "0.1",
        "argos_version": "1.9",
        "from_code": source,
        "from_name": source,
        "to_code": target,
        "to_name": target,
        "type": "translate",
    }
    pack = out_dir / f"{source}_{target}.argosmodel"
    top = f"translate-{source}_{target}-0_1"
    with zipfile.ZipFile(pack, "w") as archive:
        archive.writestr(f"{top}/metadata.json", json.dumps(metadata))
        archive.writestr(f"{top}/sentencepiece.model", tokenizer)
        for file in sorted((work / "model").iterdir()):
            archive.write(file, f"{top}/model/{file.name}")
    return pack

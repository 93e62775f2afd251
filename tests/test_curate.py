import hashlib
from pathlib import Path

from kb.curate import curate
from kb.documents import KINDS, read_corpus

from .conftest import SHARED, needs_shared

ROOT = Path(__file__).resolve().parents[1]
NOISE = ["合集下载", "下载文档前请自行甄别", "相关文档", "最新文档", "全国各地天气预报查询",
         "内蒙古自治区", "黑龙江省", "仅部分预览", "人工客服工作时间"]


def test_curated_files_are_reproducible():
    """corpus/docs is exactly what `kb curate` makes from corpus/raw and corpus/sources.toml."""
    docs = curate(ROOT / "corpus" / "sources.toml", ROOT / "corpus" / "raw")
    for d in docs:
        committed = (ROOT / "corpus" / "docs" / f"{d.slug}.txt").read_text(encoding="utf-8")
        assert committed == d.to_text(), d.slug


def test_no_noise_reaches_the_corpus():
    for d in read_corpus(ROOT / "corpus" / "docs"):
        for n in NOISE:
            assert n not in d.body, (d.slug, n)


def test_documents_and_kinds():
    docs = {d.slug: d for d in read_corpus(ROOT / "corpus" / "docs")}
    assert len(docs) == 12
    assert all(d.kind in KINDS for d in docs.values())
    reg = docs["info-protection-rules"]
    assert reg.kind == "regulation" and reg.body.startswith("第一条")
    assert reg.body.rstrip().endswith("本规定自2010年2月1日起施行。")
    assert docs["sop-capability"].kind == "standard"
    assert docs["fwwb-terms"].kind == "terminology"
    assert [d for d in docs if d.startswith("job-spec")] == ["job-spec-1", "job-spec-2", "job-spec-3"]
    # the scraped page repeats each title three times; none is left at the start of a body
    assert not docs["job-spec-1"].body.startswith("外包岗位岗位规范")
    assert "相关法律" not in docs["fwwb-data-2014"].body


# SHA-256 of the two pages as scraped (the seeds); curation reads them and never rewrites them.
RAW_SHA256 = {
    "000_2ccf0e472783e963.txt": "a2f54783be8ba6b3c72fd6614b66acd014374f8298354c358c24825077efd032",
    "002_0a4626a0403b104d.txt": "03acc2860e86e7c03aad9209e305f80521bc23e21c9b77a460957d86db2cbda3",
}


def test_raw_pages_are_kept_as_given():
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in (ROOT / "corpus" / "raw").iterdir()}
    assert found == RAW_SHA256


@needs_shared
def test_raw_pages_are_the_seeds():
    for raw in (ROOT / "corpus" / "raw").iterdir():
        assert raw.read_bytes() == (SHARED / "seeds" / raw.name).read_bytes()

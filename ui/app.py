"""The page: four tabs over one index (``build_app``), its look (local fonts only, Vietnamese labels)
and which handler each event calls. Start it with ``ui.serving.launch``."""

from __future__ import annotations

import gradio as gr

from index import Index
from tracuu.settings import Settings
from ui.handlers import Handlers
from ui.tables import DOC_HEADERS, MENTION_HEADERS, REF_HEADERS

EXAMPLE_QUESTIONS = [
    "GRDP năm 2023 tăng bao nhiêu?",
    "Văn bản nào thành lập Ban Chỉ đạo thực hiện Nghị quyết 11?",
    "Thiệt hại do bão số 3 là bao nhiêu?",
    "tong dan so tinh lang son la bao nhieu",
    "Tổng mức đầu tư dự án cao tốc Hữu Nghị - Chi Lăng?",
]
ASK_CONCURRENCY = 4  # questions answered at the same time; more wait in the queue

LOCAL_FONTS = ["Liberation Sans", "DejaVu Sans", "Arial", "sans-serif"]
LOCAL_MONO = ["DejaVu Sans Mono", "Liberation Mono", "monospace"]
CSS = """
.tc-answer { font-size: 1.15rem; padding: .8rem 1rem; border-left: 4px solid #2563eb; background: #eff6ff; }
.tc-noanswer { padding: .8rem 1rem; border-left: 4px solid #dc2626; background: #fef2f2; }
.tc-warn { color: #92400e; margin-top: .3rem; }
.tc-meta { color: #6b7280; font-size: .85rem; margin-top: .3rem; }
.tc-ref { font-weight: bold; text-decoration: none; }
.tc-cit { border: 1px solid #e5e7eb; border-radius: 6px; padding: .6rem .8rem; margin: .5rem 0; }
.tc-cit-head { font-weight: bold; }
.tc-n { color: #2563eb; }
.tc-where { color: #4b5563; font-size: .9rem; }
.tc-quote { margin-top: .4rem; line-height: 1.5; }
.tc-quote mark { background: #fde68a; padding: 0 .1rem; }
.tc-fn { margin-top: .4rem; font-size: .9rem; background: #f9fafb; padding: .3rem .6rem; }
.tc-fn-n { vertical-align: super; font-size: .75rem; font-weight: bold; }
#tc-docs *, #tc-refs *, #tc-mentions * { font-family: var(--font) !important; }
"""


# Gradio's own labels (upload box, queue) in Vietnamese, whatever the browser's language.
_GRADIO_LABELS = {
    "upload_text.drop_file": "Kéo thả tệp PDF vào đây",
    "upload_text.click_to_upload": "Bấm để chọn tệp",
    "common.or": "hoặc",
    "queue_position": "Đang chờ: {position}/{size}",
}
UI_LANGUAGE = gr.I18n(en=_GRADIO_LABELS, vi=_GRADIO_LABELS)


def theme() -> gr.themes.Base:
    """Default look with local fonts only (the stock theme would fetch fonts from Google)."""
    return gr.themes.Default(font=LOCAL_FONTS, font_mono=LOCAL_MONO)


def build_app(index: Index, settings: Settings) -> gr.Blocks:
    """The four-tab page over ``index``."""
    h = Handlers(index, settings)
    with gr.Blocks(title="Tra cứu văn bản", analytics_enabled=False) as app:
        gr.Markdown("# Tra cứu văn bản\nHỏi đáp có trích dẫn trên văn bản hành chính (PDF).")
        with gr.Tabs():
            with gr.Tab("Hỏi đáp", id="ask"):
                with gr.Row():
                    question = gr.Textbox(
                        label="Câu hỏi", placeholder="Ví dụ: GRDP năm 2023 tăng bao nhiêu?",
                        scale=5, elem_id="tc-question",
                    )  # fmt: skip
                    ask_btn = gr.Button("Hỏi", variant="primary", scale=1, elem_id="tc-ask")
                with gr.Accordion("Lọc theo văn bản, loại, năm", open=False):
                    with gr.Row():
                        f_docs = gr.Dropdown(label="Văn bản", multiselect=True, choices=[])
                        f_types = gr.Dropdown(label="Loại văn bản", multiselect=True, choices=[])
                        f_years = gr.Dropdown(label="Năm", multiselect=True, choices=[])
                gr.Examples(EXAMPLE_QUESTIONS, inputs=[question], label="Câu hỏi mẫu")
                answer_box = gr.HTML(elem_id="tc-answer")
                with gr.Row():
                    with gr.Column(scale=3):
                        citations_box = gr.HTML(elem_id="tc-citations")
                    with gr.Column(scale=2):
                        page_pick = gr.Radio(label="Xem trang gốc của trích dẫn", choices=[], type="value")
                        page_img = gr.Image(
                            label="Trang gốc (đoạn trích được tô vàng)", type="pil", interactive=False,
                            format="png", elem_id="tc-page",
                        )  # fmt: skip
                cited = gr.State([])
            with gr.Tab("Tài liệu", id="docs"):
                docs_table = gr.Dataframe(
                    headers=DOC_HEADERS, interactive=False, wrap=True, elem_id="tc-docs",
                    column_widths=["9%", "7%", "10%", "7%", "27%", "5%", "5%", "6%", "8%", "10%", "6%"],
                )  # fmt: skip
                with gr.Row():
                    with gr.Column():
                        uploads = gr.File(
                            label=f"Tải lên PDF (tối đa {settings.max_uploads} tệp, mỗi tệp ≤ {settings.max_upload_mb:g} MB)",
                            file_count="multiple", file_types=[".pdf"], type="filepath", elem_id="tc-upload",
                        )  # fmt: skip
                        upload_btn = gr.Button("Nạp vào kho", variant="primary", elem_id="tc-upload-btn")
                    with gr.Column():
                        remove_pick = gr.Dropdown(label="Chọn văn bản để xóa", choices=[], elem_id="tc-remove")
                        remove_btn = gr.Button("Xóa văn bản", variant="stop", elem_id="tc-remove-btn")
                docs_report = gr.Markdown(elem_id="tc-docs-report")
            with gr.Tab("Văn bản được viện dẫn", id="refs"):
                refs_table = gr.Dataframe(headers=REF_HEADERS, interactive=False, wrap=True, elem_id="tc-refs")
                ref_pick = gr.Dropdown(label="Chọn văn bản để xem các lần được nhắc", choices=[], elem_id="tc-ref-pick")
                mentions = gr.Dataframe(
                    headers=MENTION_HEADERS, interactive=False, wrap=True, elem_id="tc-mentions",
                    column_widths=["15%", "6%", "29%", "50%"],
                )  # fmt: skip
            with gr.Tab("Tra số liệu", id="trace"):
                with gr.Row():
                    figure = gr.Textbox(label="Số liệu", placeholder="Ví dụ: 7,17%", scale=5, elem_id="tc-figure")
                    trace_btn = gr.Button("Tra", variant="primary", scale=1, elem_id="tc-trace")
                trace_box = gr.HTML(elem_id="tc-trace-result")

        library_outputs = [docs_table, f_docs, f_types, f_years, remove_pick, refs_table, ref_pick]
        ask_event = dict(
            fn=h.ask,
            inputs=[question, f_docs, f_types, f_years],
            outputs=[answer_box, citations_box, page_pick, page_img, cited],
            concurrency_limit=ASK_CONCURRENCY,
            concurrency_id="ask",
            api_visibility="private",
        )
        ask_btn.click(**ask_event, api_name="ui_ask")  # "/ask" is the public JSON endpoint below
        question.submit(**ask_event, api_name="ui_ask_enter")
        page_pick.input(h.page_image, [cited, page_pick], page_img, api_visibility="private")
        upload_btn.click(
            h.upload, uploads, [docs_report, *library_outputs], concurrency_limit=1, api_visibility="private"
        ).then(lambda: None, None, uploads, api_visibility="private")
        remove_btn.click(
            h.remove, remove_pick, [docs_report, *library_outputs], concurrency_limit=1, api_visibility="private"
        )
        refs_table.select(h.select_reference, None, ref_pick, api_visibility="private")
        ref_pick.change(h.mentions_table, ref_pick, mentions, api_visibility="private")
        trace_event = dict(fn=h.trace, inputs=figure, outputs=trace_box, api_visibility="private")
        trace_btn.click(**trace_event)
        figure.submit(**trace_event)
        app.load(h.refresh, None, library_outputs, api_visibility="private")
        gr.api(h.ask_json, api_name="ask", concurrency_limit=ASK_CONCURRENCY, concurrency_id="ask")
    return app

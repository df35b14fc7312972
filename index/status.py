"""The words for a document stored without a text layer: one source for the ingest report
(``FileReport.line``, printed by ``tracuu ingest`` and after an upload in the app) and the app's
library. A scan whose pages were OCR'd has a text layer and is not such a document."""

SCANNED = "Bản quét chưa có lớp chữ, đã lưu nhưng chưa tra cứu được"

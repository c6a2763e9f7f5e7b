import Foundation

/// The `Content-Type` of a file the preview server sends, by its extension: what a static site of
/// sitegen's holds (pages, styles, images, fonts, results files), and `application/octet-stream` for
/// anything else, which a browser downloads rather than guesses at.
enum ContentTypes {
    static let byExtension: [String: String] = [
        "html": "text/html; charset=utf-8",
        "htm": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8",
        "json": "application/json",
        "svg": "image/svg+xml",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
        "avif": "image/avif",
        "ico": "image/x-icon",
        "woff": "font/woff",
        "woff2": "font/woff2",
        "ttf": "font/ttf",
        "otf": "font/otf",
        "txt": "text/plain; charset=utf-8",
        "md": "text/markdown; charset=utf-8",
        "xml": "application/xml",
        "pdf": "application/pdf",
        "csv": "text/csv; charset=utf-8",
        "wasm": "application/wasm",
    ]

    /// The content type of a path, by its extension (case-insensitive).
    static func of(_ path: String) -> String {
        byExtension[(path as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
    }
}

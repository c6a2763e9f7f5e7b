import Foundation
import SiteGenCore

/// The script the preview server adds to every HTML page it sends (never to the files `build`
/// writes): it long-polls the server for the next build, reloads the page when one succeeded, and
/// shows a failed one's diagnostics over the page until a build succeeds again.
///
/// Long polling rather than Server-Sent Events or a WebSocket: one plain request at a time, answered
/// when something happened or after `PreviewServer.waitSeconds`, which any HTTP server and browser
/// handle alike and which needs no stream kept open by the server.
enum ReloadScript {
    /// The path the script polls: `?since=N` answers once the build number is no longer N.
    static let waitPath = "/__sitegen/wait"

    /// The `<script>` for a page served while the last build is `state`.
    static func tag(for state: PreviewState.Snapshot) -> String {
        let failure = state.failure.map { "\"" + jsonEscaped($0) + "\"" } ?? "null"
        return "<script>/* sitegen serve: live reload */(\(source))(\(state.build), \(failure));</script>"
    }

    /// The page with the script before its `</body>` (or at its end when it has none).
    static func inject(into html: Data, state: PreviewState.Snapshot) -> Data {
        let script = Array(tag(for: state).utf8)
        let bytes = [UInt8](html)
        let closing = Array("</body>".utf8)
        var position = bytes.count
        if bytes.count >= closing.count {
            // The last `</body>`: the page's own, not one inside a code example.
            var index = bytes.count - closing.count
            while index >= 0 {
                if bytes[index] == UInt8(ascii: "<"), bytes[index..<(index + closing.count)].elementsEqual(closing) {
                    position = index
                    break
                }
                index -= 1
            }
        }
        return Data(bytes[..<position] + script + bytes[position...])
    }

    /// A string as the inside of a JavaScript string literal, safe inside a `<script>` element too.
    static func jsonEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `function (build, failure)`: the build the page came from and, when the last build failed, its
    /// diagnostics.
    static let source = """
        function (build, failure) {
          var id = "sitegen-serve-overlay";
          function show(text) {
            var box = document.getElementById(id);
            if (!box) {
              box = document.createElement("pre");
              box.id = id;
              box.setAttribute("role", "alert");
              box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:2147483647;" +
                "margin:0;padding:1rem 1.2rem;background:#2b0d0d;color:#ffdede;border:2px solid #e5484d;border-radius:8px;" +
                "font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap;box-shadow:0 8px 30px rgba(0,0,0,.4)";
              document.body.appendChild(box);
            }
            box.textContent = "sitegen: the last build failed; this page is from the last good one.\\n\\n" + text;
          }
          function poll() {
            fetch("\(waitPath)?since=" + build, { cache: "no-store" })
              .then(function (response) { return response.json(); })
              .then(function (state) {
                if (state.build !== build) {
                  if (!state.failure) { location.reload(); return; }
                  build = state.build;
                  show(state.failure);
                }
                poll();
              })
              .catch(function () { setTimeout(poll, 1000); });
          }
          if (failure) { show(failure); }
          poll();
        }
        """
}

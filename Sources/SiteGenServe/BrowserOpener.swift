import Foundation
import SiteGenProcess

/// Opens an address in the desktop's browser (`serve --open`): `open` on macOS, `xdg-open` elsewhere.
public enum BrowserOpener {
    /// Opens `url`; nil when it could, else what to tell the writer.
    public static func open(_ url: URL) -> String? {
        #if os(macOS)
        let opener = "open"
        #else
        let opener = "xdg-open"
        #endif
        guard let path = ExecutableLookup.path(of: opener) else {
            return "no `\(opener)` to open a browser with; open \(url.absoluteString) yourself"
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [url.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "`\(opener)` could not be started (\(error)); open \(url.absoluteString) yourself"
        }
        return nil
    }
}

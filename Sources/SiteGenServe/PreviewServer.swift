import Foundation
import FlyingFox
import SiteGenCore

/// The site's folder over HTTP on 127.0.0.1: files with their content type, folders by their
/// `index.html`, a 404 page for anything else, every HTML page with the reload script, and the long
/// poll the script waits on. It serves whatever the folder holds at each request, so a build that
/// replaces the folder is served as soon as it is in place, and a failed one leaves the last good site.
public final class PreviewServer: @unchecked Sendable {
    /// How long the long poll waits for a new build before answering with the current one.
    static let waitSeconds = 20.0

    private let folder: String
    private let state: PreviewState
    private let server: HTTPServer

    /// - Parameters:
    ///   - folder: the built site.
    ///   - port: the port on 127.0.0.1; 0 for any free one (see `start`).
    public init(folder: String, state: PreviewState, port: UInt16) throws {
        self.folder = URL(fileURLWithPath: folder).standardizedFileURL.path
        self.state = state
        let address = try sockaddr_in.inet(ip4: "127.0.0.1", port: port)
        let handler = Handler(folder: self.folder, state: state)
        server = HTTPServer(address: address, timeout: Self.waitSeconds + 10, logger: .disabled, handler: handler)
    }

    /// Starts listening and returns the port it listens on; the server runs until `stop`.
    public func start() async throws -> UInt16 {
        let server = self.server
        Task { try? await server.run() }
        try await server.waitUntilListening(timeout: 10)
        guard case .ip4(_, let port)? = await server.listeningAddress else {
            throw DiagnosticError(.error("the preview server did not start listening"), isEnvironmental: true)
        }
        return port
    }

    /// Stops listening and closes every connection, a waiting long poll's too.
    public func stop() async {
        await server.stop(timeout: 0)
    }

    /// Answers one request.
    struct Handler: HTTPHandler {
        let folder: String
        let state: PreviewState

        func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
            guard request.method == .GET || request.method == .HEAD else {
                let headers: HTTPHeaders = [HTTPHeader("Allow"): "GET, HEAD"]
                return HTTPResponse(statusCode: .methodNotAllowed, headers: headers)
            }
            if request.path == ReloadScript.waitPath {
                return try await wait(since: request.query.first { $0.name == "since" }.flatMap { Int($0.value) } ?? -1)
            }
            return response(for: request.path)
        }

        /// The long poll: answers once the build is no longer `since`, or after `waitSeconds`.
        func wait(since: Int) async throws -> HTTPResponse {
            let deadline = Date().addingTimeInterval(PreviewServer.waitSeconds)
            var snapshot = state.snapshot
            while snapshot.build == since && Date() < deadline {
                try await Task.sleep(nanoseconds: 50_000_000)
                snapshot = state.snapshot
            }
            let failure = snapshot.failure.map { "\"" + ReloadScript.jsonEscaped($0) + "\"" } ?? "null"
            let body = "{\"build\":\(snapshot.build),\"failure\":\(failure)}"
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                                body: Data(body.utf8))
        }

        /// A file of the site, or the 404 page.
        func response(for path: String) -> HTTPResponse {
            if let file = file(for: path), let data = FileManager.default.contents(atPath: file) {
                return send(data, type: ContentTypes.of(file), status: .ok)
            }
            let custom = (folder as NSString).appendingPathComponent("404.html")
            let page = FileManager.default.contents(atPath: custom) ?? Data(Self.notFound(path).utf8)
            return send(page, type: ContentTypes.of(custom), status: .notFound)
        }

        private func send(_ data: Data, type: String, status: HTTPStatusCode) -> HTTPResponse {
            let body = type.hasPrefix("text/html") ? ReloadScript.inject(into: data, state: state.snapshot) : data
            return HTTPResponse(statusCode: status, headers: [.contentType: type, .cacheControl: "no-store"], body: body)
        }

        /// The file a path names inside the folder (a folder's `index.html`), or nil when there is none or
        /// the path would leave the folder.
        func file(for path: String) -> String? {
            let segments = path.split(separator: "/", omittingEmptySubsequences: true)
            guard !segments.contains(where: { $0 == ".." || $0 == "." || $0.contains("\0") }) else { return nil }
            var file = segments.reduce(folder) { ($0 as NSString).appendingPathComponent(String($1)) }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else { return nil }
            if isDirectory.boolValue {
                file = (file as NSString).appendingPathComponent("index.html")
                guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
            }
            // Links in the folder are followed only as far as the folder.
            let real = URL(fileURLWithPath: file).resolvingSymlinksInPath().path
            let root = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
            return real.hasPrefix(root + "/") ? file : nil
        }

        static func notFound(_ path: String) -> String {
            """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
            <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
            <h1>Not found</h1>
            <p>The site has no page at <code>\(HTML.escape(path))</code>.</p>
            <p><a href="/">Go to the home page</a></p>
            </body></html>

            """
        }
    }
}

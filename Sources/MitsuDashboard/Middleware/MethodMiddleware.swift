import Hummingbird

/// Everything but the login and logout forms is read-only: other methods get 405 with `Allow` (instead
/// of the router's 404), so clients and API checkers see the documented contract.
struct MethodMiddleware: RouterMiddleware {
    typealias Context = DashboardContext

    static let postPaths: Set<String> = ["/login", "/logout"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let allowed: [HTTPRequest.Method] = MethodMiddleware.postPaths.contains(path) ? (path == "/login" ? [.get, .head, .post] : [.post]) : [.get, .head]
        guard allowed.contains(request.method) else {
            var r = Responses.error(.methodNotAllowed, "method not allowed")
            r.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
            return r
        }
        return try await next(request, context)
    }
}

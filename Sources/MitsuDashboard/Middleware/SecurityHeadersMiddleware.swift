import Hummingbird

/// Headers on every response, pages and API alike. The CSP is the second line of defence behind
/// escaping: even if an attacker string slipped into markup unescaped, no inline script, no foreign
/// script and no framing would run.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = DashboardContext

    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    let tls: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = Responses.error(error.status, error.body ?? error.status.reasonPhrase)
        }
        response.headers[.contentSecurityPolicy] = SecurityHeadersMiddleware.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("Cross-Origin-Opener-Policy")!] = "same-origin"
        response.headers[.init("Cross-Origin-Resource-Policy")!] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        if tls { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}

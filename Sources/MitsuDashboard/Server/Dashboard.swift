import Foundation
import Hummingbird
import MitsuCore
import MitsuStore

/// The dashboard application: the store reader, auth, live feed and metrics source, and the router
/// that every page and API group adds its routes to (one file per group under Pages/ and API/).
public final class Dashboard: Sendable {
    public let settings: DashboardSettings
    public let reader: EventReader
    public let auth: DashboardAuth
    let live: LiveFeed
    let metrics: @Sendable () -> [MetricSample]

    public init(settings: DashboardSettings, reader: EventReader, auth: DashboardAuth,
                metrics: @escaping @Sendable () -> [MetricSample] = { [] }) {
        self.settings = settings
        self.reader = reader
        self.auth = auth
        self.live = LiveFeed(reader: reader)
        self.metrics = metrics
    }

    public func router() -> Router<DashboardContext> {
        let router = Router(context: DashboardContext.self)
        router.add(middleware: SecurityHeadersMiddleware(tls: auth.secureCookies))
        router.add(middleware: MethodMiddleware())
        router.add(middleware: AuthMiddleware(auth: auth))
        addStaticRoutes(to: router)
        addLoginRoutes(to: router)
        addOverviewPage(to: router)
        addExplorePages(to: router)
        addAttackerPage(to: router)
        addSessionPages(to: router)
        addLivePage(to: router)
        addHoneypotRoutes(to: router)
        addOverviewAPI(to: router)
        addEventsAPI(to: router)
        addLiveAPI(to: router)
        addMetricsEndpoint(to: router)
        return router
    }

    /// Runs a store query, turning a bad filter into 400 and a store failure into 503 (a damaged or
    /// missing database must not look like "no data").
    func query<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as QueryError {
            throw HTTPError(.badRequest, message: e.description)
        } catch StoreError.invalidQuery(let why) {
            throw HTTPError(.badRequest, message: why)
        } catch {
            throw HTTPError(.serviceUnavailable, message: "the event store cannot be read: \(error)")
        }
    }

    func filterQuery(_ request: Request, defaultRange: String?) throws -> FilterQuery {
        do {
            return try FilterQuery(request.queryDictionary, defaultRange: defaultRange)
        } catch let e as QueryError {
            throw HTTPError(.badRequest, message: e.description)
        }
    }
}

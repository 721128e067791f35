import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import MitsuCore
import NIOSSL
import MitsuStore
import NIOCore

/// Starts the dashboard inside the collector process. Nothing here may take the collector down: a port
/// in use, an unreadable users file or a missing database is logged and the dashboard stays off.
public final class DashboardServer: @unchecked Sendable {
    private var task: Task<Void, Never>?
    private let dashboard: Dashboard

    private init(dashboard: Dashboard) {
        self.dashboard = dashboard
    }

    /// nil when disabled or when it could not be set up (the reason is logged).
    public static func start(settings: DashboardSettings, metrics: @escaping @Sendable () -> [MetricSample] = { [] },
                             log: @escaping @Sendable (String) -> Void) -> DashboardServer? {
        let c = settings.config
        guard c.enabled else { return nil }
        let server: DashboardServer
        do {
            let users = try UserStore(path: settings.usersFile)
            if users.users.isEmpty {
                let password = Secret.password()
                try users.add("admin", password: password)
                log("dashboard: first run: created user admin with password \(password) (shown only now; change it with `mitsu user passwd admin`)")
            }
            let reader = try EventReader(path: settings.databasePath)
            let auth = DashboardAuth(users: users, sessionHours: c.sessionHours, loginAttempts: c.loginAttempts, secureCookies: c.tls)
            server = DashboardServer(dashboard: Dashboard(settings: settings, reader: reader, auth: auth, metrics: metrics))
        } catch {
            log("dashboard: not started: \(error)")
            return nil
        }
        let port = c.effectivePort(offset: settings.portOffset)
        let builder: HTTPServerBuilder
        do {
            if c.tls {
                let (cert, key) = try DashboardCertificate.loadOrCreate(directory: settings.stateDir)
                var tls = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(cert)], privateKey: .privateKey(key))
                tls.minimumTLSVersion = .tlsv12
                builder = try .tls(.http1(), tlsConfiguration: tls)
            } else {
                builder = .http1()
            }
        } catch {
            log("dashboard: not started: TLS certificate in \(settings.stateDir): \(error)")
            return nil
        }
        let scheme = c.tls ? "https" : "http"
        let app = Application(
            router: server.dashboard.router(),
            server: builder,
            configuration: .init(address: .hostname(c.listen, port: port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                let host = c.listen.contains(":") ? "[\(c.listen)]" : c.listen
                let url = "\(scheme)://\(host):\(bound)/"
                try? (url + "\n").write(toFile: settings.runDir + "/dashboard.url", atomically: true, encoding: .utf8)
                log("dashboard on \(url)")
            }
        )
        server.dashboard.live.start()
        server.task = Task {
            do {
                try await app.run()
            } catch {
                log("dashboard: cannot serve on \(c.listen) port \(port): \(error); honeypots and collector keep running")
            }
        }
        return server
    }

    public func stop() async {
        dashboard.live.stop()
        task?.cancel()
        await task?.value
    }
}

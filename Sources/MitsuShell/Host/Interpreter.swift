/// Walking the AST: lists, `&&`/`||`, pipelines (run in order, each stage's output buffered into the
/// next's stdin, as Cowrie does), compound commands and simple commands. Nothing here touches the real
/// host: commands are Swift functions over the session's filesystem view.
extension Session {
    var overBudget: Bool { steps > Session.maxSteps || exitStatus != nil || interrupted }

    /// Runs `body` with stdin no longer the terminal (a later pipeline stage, `< file`, a here-document,
    /// a background job, `$( )`), so nothing in it waits for keystrokes.
    func detachedFromTerminal(_ body: () async -> Void) async {
        let saved = stdinIsTerminal
        stdinIsTerminal = false
        await body()
        stdinIsTerminal = saved
    }

    func execute(_ script: Script, stdin: [UInt8], out: Sink, err: Sink) async {
        for item in script.items {
            if overBudget || unwinding != nil { return }
            if item.background {
                lastBackgroundPID = shellPID + Int.random(in: 3...400)
                if terminal, request.command == nil, scriptName == "-bash" { err.write("[1] \(lastBackgroundPID)\n") }
            }
            if item.background {
                await detachedFromTerminal { await executeAndOr(item.command, stdin: stdin, out: out, err: err) }
                status = 0
            } else {
                await executeAndOr(item.command, stdin: stdin, out: out, err: err)
            }
        }
    }

    func executeAndOr(_ list: AndOrList, stdin: [UInt8], out: Sink, err: Sink) async {
        await executePipeline(list.first, stdin: stdin, out: out, err: err)
        for (op, pipeline) in list.rest {
            if overBudget || unwinding != nil { return }
            if op == .and, status != 0 { continue }
            if op == .or, status == 0 { continue }
            await executePipeline(pipeline, stdin: stdin, out: out, err: err)
        }
    }

    func executePipeline(_ p: Pipeline, stdin: [UInt8], out: Sink, err: Sink) async {
        var input = stdin
        for (k, command) in p.commands.enumerated() {
            let last = k == p.commands.count - 1
            let sink = last ? out : Sink(.buffer, session: self)
            if k == 0 {
                await executeCommand(command, stdin: input, out: sink, err: err)
            } else {
                await detachedFromTerminal { await executeCommand(command, stdin: input, out: sink, err: err) }
            }
            if !last { input = sink.bytes }
            if exitStatus != nil, p.commands.count > 1 { exitStatus = nil }  // `exit` in a pipeline stage is a subshell's
        }
        if p.negated { status = status == 0 ? 1 : 0 }
    }

    func executeCommand(_ command: Command, stdin: [UInt8], out: Sink, err: Sink) async {
        steps += 1
        if overBudget { return }
        switch command {
        case .simple(let simple):
            await executeSimple(simple, stdin: stdin, out: out, err: err)
        case .ifThen(let clauses, let otherwise, let redirects):
            await withRedirects(redirects, stdin: stdin, out: out, err: err) { i, o, e in
                for (condition, body) in clauses {
                    await self.execute(condition, stdin: i, out: o, err: e)
                    if self.overBudget || self.unwinding != nil { return }
                    if self.status == 0 {
                        await self.execute(body, stdin: i, out: o, err: e)
                        return
                    }
                }
                if let otherwise { await self.execute(otherwise, stdin: i, out: o, err: e) } else { self.status = 0 }
            }
        case .forLoop(let variable, let items, let body, let redirects):
            await withRedirects(redirects, stdin: stdin, out: out, err: err) { i, o, e in
                let values = items == nil ? self.positional : await self.expandFields(items ?? [], err: e)
                self.status = 0
                for value in values.prefix(10_000) {
                    self.env[variable] = value
                    await self.execute(body, stdin: i, out: o, err: e)
                    if self.loopShouldStop() { break }
                }
            }
        case .whileLoop(let condition, let body, let until, let redirects):
            await withRedirects(redirects, stdin: stdin, out: out, err: err) { i, o, e in
                var rounds = 0
                var last = 0
                while rounds < 10_000, !self.overBudget {
                    rounds += 1
                    await self.execute(condition, stdin: i, out: o, err: e)
                    if self.overBudget || self.unwinding != nil { break }
                    if (self.status == 0) == until { break }
                    await self.execute(body, stdin: i, out: o, err: e)
                    last = self.status
                    if self.loopShouldStop() { break }
                    // A busy loop on a real host takes time too; also keeps a hostile loop from spinning.
                    if rounds % 50 == 0 { await self.host.pacing.pause(milliseconds: 1) }
                }
                self.status = last
            }
        case .caseOf(let subject, let items, let redirects):
            await withRedirects(redirects, stdin: stdin, out: out, err: err) { i, o, e in
                let text = await self.expandString(subject, err: e)
                self.status = 0
                for item in items {
                    for pattern in item.patterns where Glob.match(await self.expandPattern(pattern, err: e), text) {
                        await self.execute(item.body, stdin: i, out: o, err: e)
                        return
                    }
                }
            }
        case .group(let script, let redirects):
            await withRedirects(redirects, stdin: stdin, out: out, err: err) { i, o, e in
                await self.execute(script, stdin: i, out: o, err: e)
            }
        case .subshell(let script, let redirects):
            await withRedirects(redirects, stdin: stdin, out: out, err: err) { i, o, e in
                await self.subshell { await self.execute(script, stdin: i, out: o, err: e) }
            }
        case .function(let name, let body):
            functions[name] = body
            status = 0
        }
    }

    /// Consumes a pending `break`/`continue`; true when the loop must end.
    private func loopShouldStop() -> Bool {
        if overBudget { return true }
        switch unwinding {
        case .breakLoop(let n)?:
            unwinding = n > 1 ? .breakLoop(n - 1) : nil
            return true
        case .continueLoop(let n)?:
            if n > 1 { unwinding = .continueLoop(n - 1); return true }
            unwinding = nil
            return false
        case .returnFunction?: return true
        case nil: return false
        }
    }

    /// Runs `body` with the session state saved and restored around it: `( )`, `$( )`, `sh -c`, scripts.
    func subshell(_ body: () async -> Void) async {
        let saved = (env, cwd, functions, positional, scriptName, errorPrefix)
        let savedExit = exitStatus
        await body()
        if exitStatus != nil, savedExit == nil {
            status = exitStatus ?? status
            exitStatus = nil
        }
        if case .returnFunction? = unwinding {} else { unwinding = nil }
        (env, cwd, functions, positional, scriptName, errorPrefix) = saved
    }

    func executeSimple(_ simple: SimpleCommand, stdin: [UInt8], out: Sink, err: Sink) async {
        let argv = await expandFields(simple.words, err: err)
        var values: [(String, String)] = []
        for a in simple.assignments { values.append((a.name, await expandString(a.value, err: err))) }
        if argv.isEmpty {
            for (k, v) in values { env[k] = v }
            await withRedirects(simple.redirects, stdin: stdin, out: out, err: err) { _, _, _ in self.status = 0 }
            return
        }
        // `VAR=x cmd`: the assignment holds for that command only.
        let saved = values.map { ($0.0, env[$0.0]) }
        for (k, v) in values { env[k] = v }
        await withRedirects(simple.redirects, stdin: stdin, out: out, err: err) { i, o, e in
            self.status = await self.dispatch(argv, stdin: i, out: o, err: e)
        }
        for (k, v) in saved { env[k] = v }
    }

    /// Applies redirections left to right, runs `body`, then writes redirected output into the session
    /// filesystem (and stores what was written as a `file.created` artifact).
    func withRedirects(_ redirects: [Redirect], stdin: [UInt8], out: Sink, err: Sink,
                       _ body: ([UInt8], Sink, Sink) async -> Void) async {
        guard !redirects.isEmpty else { return await body(stdin, out, err) }
        var input = stdin
        var fds: [Int: Sink] = [1: out, 2: err]
        var files: [(path: String, append: Bool, sink: Sink)] = []
        for r in redirects {
            let target = await expandString(r.target, err: err)
            switch r.op {
            case .hereDoc: input = Array(target.utf8)
            case .hereString: input = Array((target + "\n").utf8)
            case .input:
                switch fs.read(FSPath.normalize(target, cwd: cwd)) {
                case .success(let b): input = b
                case .failure(let e):
                    err.write("\(errorPrefix): \(target): \(e.text)\n")
                    status = 1
                    return
                }
            case .duplicate:
                if target == "-" { fds[r.fd] = Sink(.discard, session: self) } else if let n = Int(target), let s = fds[n] {
                    fds[r.fd] = s
                } else if r.fd == 1 || r.fd == 2 {
                    fds[r.fd] = fds[1]
                }
            case .output, .append, .both:
                let sink: Sink
                switch target {
                case "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom": sink = Sink(.discard, session: self)
                case "/dev/stdout": sink = fds[1] ?? out
                case "/dev/stderr": sink = fds[2] ?? err
                case "/dev/tty": sink = Sink(.client(stderr: false), session: self)
                default:
                    let path = FSPath.normalize(target, cwd: cwd)
                    if target.isEmpty {
                        err.write("\(errorPrefix): : No such file or directory\n")
                        status = 1
                        return
                    }
                    let parent = FSPath.split(path).parent
                    if !fs.isDirectory(parent) || fs.isDirectory(path) {
                        err.write("\(errorPrefix): \(target): \(fs.isDirectory(path) ? "Is a directory" : "No such file or directory")\n")
                        status = 1
                        return
                    }
                    sink = Sink(.buffer, session: self)
                    files.append((path, r.op == .append, sink))
                }
                if r.op == .both { fds[1] = sink; fds[2] = sink } else { fds[r.fd] = sink }
            }
        }
        if redirects.contains(where: { [.hereDoc, .hereString, .input].contains($0.op) }) {
            await detachedFromTerminal { await body(input, fds[1] ?? out, fds[2] ?? err) }
        } else {
            await body(input, fds[1] ?? out, fds[2] ?? err)
        }
        for f in files {
            if let e = fs.write(f.path, f.sink.bytes, append: f.append, mtime: now) {
                err.write("\(errorPrefix): \(f.path): \(e.text)\n")
                continue
            }
            if !f.sink.bytes.isEmpty, case .success(let content) = fs.read(f.path) {
                recordCreatedFile(path: f.path, bytes: content)
            }
        }
    }
}

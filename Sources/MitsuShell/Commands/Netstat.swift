extension Commands {
    /// netstat / ss: the listening sshd and this session's own connection.
    static let netstat = CommandSpec(["netstat"], in: "/usr/bin", fakeSize: 153_976) { c in
        let s = c.session
        let e = s.request.endpoints
        c.print("Active Internet connections (servers and established)\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n")
        c.print("tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN     \n")
        c.print("tcp        0     36 " + "\(c.persona.interfaces.first?.ipv4 ?? e.destIP):22".rightPadded(23) + " " + "\(e.srcIP):\(e.srcPort)".rightPadded(23) + " ESTABLISHED\n")
        c.print("tcp6       0      0 :::22                   :::*                    LISTEN     \n")
        return 0
    }

    static let ss = CommandSpec(["ss"], in: "/usr/bin", fakeSize: 183_032) { c in
        let e = c.session.request.endpoints
        c.print("Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\n")
        c.print("tcp   LISTEN 0      128          0.0.0.0:22         0.0.0.0:*          \n")
        c.print("tcp   ESTAB  0      36        \(c.persona.interfaces.first?.ipv4 ?? e.destIP):22    \(e.srcIP):\(e.srcPort)       \n")
        c.print("tcp   LISTEN 0      128             [::]:22            [::]:*          \n")
        return 0
    }
}

extension Commands {
    /// perl: Debian's perl-base is present, but without the modules droppers load; scripts fail as they
    /// would there (`Can't locate … in @INC`), `-v` and `-e 'print …'` style probes answer.
    static let perl = CommandSpec(["perl"], in: "/usr/bin", fakeSize: 3_804_464) { c in
        if c.args.first == "-v" {
            c.print("\nThis is perl 5, version 36, subversion 0 (v5.36.0) built for x86_64-linux-gnu-thread-multi\n(with 60 registered patches, see perl -V for more detail)\n\nCopyright 1987-2022, Larry Wall\n\n")
            return 0
        }
        c.error("Can't locate IO/Socket/INET.pm in @INC (you may need to install the IO::Socket::INET module) (@INC contains: /etc/perl /usr/local/lib/x86_64-linux-gnu/perl/5.36.0 /usr/local/share/perl/5.36.0 /usr/lib/x86_64-linux-gnu/perl5/5.36 /usr/share/perl5 /usr/lib/x86_64-linux-gnu/perl-base /usr/lib/x86_64-linux-gnu/perl/5.36 /usr/share/perl/5.36 /usr/local/lib/site_perl) at -e line 1.\nBEGIN failed--compilation aborted at -e line 1.\n")
        return 2
    }
}

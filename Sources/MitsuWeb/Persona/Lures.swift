import Foundation
import MitsuCore

/// Pages that keep bots talking: a WordPress login, a phpMyAdmin login, a router login, leaked config
/// files with canary values, and what an LFI or SQL injection "finds". Anything echoed from the request
/// goes through `HTML.escape`.
enum Lures {
    static func wordpressLogin(host: String, error: String?) -> String {
        let h = HTML.escape(host)
        let errorBlock = error.map { "\t<div id=\"login_error\">\($0)<br />\n</div>\n" } ?? ""
        return """
        <!DOCTYPE html>
        <html lang="en-US">
        <head>
        <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
        <title>Log In &lsaquo; \(h) &#8212; WordPress</title>
        <meta name='robots' content='max-image-preview:large, noindex, noarchive' />
        <link rel='stylesheet' id='login-css' href='http://\(h)/wp-admin/load-styles.php?c=0&amp;dir=ltr&amp;load%5Bchunk_0%5D=dashicons,buttons,forms,l10n,login&amp;ver=6.4.3' media='all' />
        <meta name='referrer' content='strict-origin-when-cross-origin' />
        <meta name="viewport" content="width=device-width" />
        </head>
        <body class="login no-js login-action-login wp-core-ui  locale-en-us">
        <div id="login">
        <h1><a href="https://wordpress.org/">Powered by WordPress</a></h1>
        \(errorBlock)
        <form name="loginform" id="loginform" action="http://\(h)/wp-login.php" method="post">
        <p><label for="user_login">Username or Email Address</label>
        <input type="text" name="log" id="user_login" class="input" value="" size="20" autocapitalize="off" autocomplete="username" required="required" /></p>
        <div class="user-pass-wrap"><label for="user_pass">Password</label>
        <div class="wp-pwd"><input type="password" name="pwd" id="user_pass" class="input password-input" value="" size="20" autocomplete="current-password" spellcheck="false" required="required" /></div></div>
        <p class="forgetmenot"><input name="rememberme" type="checkbox" id="rememberme" value="forever"  /> <label for="rememberme">Remember Me</label></p>
        <p class="submit"><input type="submit" name="wp-submit" id="wp-submit" class="button button-primary button-large" value="Log In" />
        <input type="hidden" name="redirect_to" value="http://\(h)/wp-admin/" /><input type="hidden" name="testcookie" value="1" /></p>
        </form>
        <p id="nav"><a href="http://\(h)/wp-login.php?action=lostpassword">Lost your password?</a></p>
        </div>
        </body>
        </html>

        """
    }

    static func phpMyAdminLogin(error: String?) -> String {
        let errorBlock = error.map { "<div class=\"alert alert-danger\" role=\"alert\"><img src=\"themes/dot.gif\" title=\"\" alt=\"\" class=\"icon ic_s_error\"> \($0)</div>\n" } ?? ""
        return """
        <!DOCTYPE HTML>
        <html lang="en" dir="ltr">
        <head>
        <meta charset="utf-8">
        <meta name="referrer" content="no-referrer">
        <meta name="robots" content="noindex,nofollow,notranslate">
        <title>phpMyAdmin</title>
        <link rel="stylesheet" type="text/css" href="./themes/pmahomme/css/theme.css?v=5.2.1">
        </head>
        <body id="loginform">
        <div class="container">
        <a href="./url.php?url=https%3A%2F%2Fwww.phpmyadmin.net%2F" target="_blank" rel="noopener noreferrer" class="logo"><img src="./themes/pmahomme/img/logo_right.png" id="imLogo" name="imLogo" alt="phpMyAdmin" border="0"></a>
        <h1>Welcome to <bdo dir="ltr" lang="en">phpMyAdmin</bdo></h1>
        \(errorBlock)<form method="post" id="login_form" action="index.php?route=/" name="login_form" class="disableAjax hide js-show">
        <fieldset class="pma-fieldset"><legend>Log in</legend>
        <div class="item"><label for="input_username">Username:</label><input type="text" name="pma_username" id="input_username" value="" size="24" class="textfield" autocomplete="username"></div>
        <div class="item"><label for="input_password">Password:</label><input type="password" name="pma_password" id="input_password" value="" size="24" class="textfield" autocomplete="current-password"></div>
        <input type="hidden" name="server" value="1">
        </fieldset>
        <fieldset class="pma-fieldset tblFooters"><input class="btn btn-primary" value="Log in" type="submit" id="input_go"></fieldset>
        </form>
        </div>
        </body>
        </html>

        """
    }

    static func routerLogin(host: String) -> String {
        """
        <!DOCTYPE html>
        <html>
        <head>
        <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
        <title>Router Login</title>
        </head>
        <body>
        <form name="login" action="/boaform/admin/formLogin" method="post">
        <table align="center" style="margin-top:120px">
        <tr><td colspan="2"><b>Welcome to \(HTML.escape(host))</b></td></tr>
        <tr><td>Username:</td><td><input type="text" name="username" maxlength="32"></td></tr>
        <tr><td>Password:</td><td><input type="password" name="psd" maxlength="32"></td></tr>
        <tr><td colspan="2" align="center"><input type="submit" value="Login"></td></tr>
        </table>
        </form>
        </body>
        </html>

        """
    }

    static func env(_ c: CanaryValues) -> String {
        """
        APP_NAME=Laravel
        APP_ENV=production
        APP_KEY=base64:\(c.appKey)
        APP_DEBUG=false
        APP_URL=http://\(c.host)

        LOG_CHANNEL=stack

        DB_CONNECTION=mysql
        DB_HOST=127.0.0.1
        DB_PORT=3306
        DB_DATABASE=\(c.dbName)
        DB_USERNAME=\(c.dbUser)
        DB_PASSWORD=\(c.dbPassword)

        MAIL_MAILER=smtp
        MAIL_HOST=smtp.mailgun.org
        MAIL_PORT=587
        MAIL_USERNAME=postmaster@mg.\(c.host)
        MAIL_PASSWORD=\(c.mailPassword)

        AWS_ACCESS_KEY_ID=\(c.awsKeyID)
        AWS_SECRET_ACCESS_KEY=\(c.awsSecret)
        AWS_DEFAULT_REGION=eu-central-1
        AWS_BUCKET=\(c.dbName)-backups

        """
    }

    static func gitConfig(_ c: CanaryValues) -> String {
        "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n[remote \"origin\"]\n\turl = https://\(c.dbUser):\(c.gitToken)@gitlab.com/\(c.dbName)/website.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch \"main\"]\n\tremote = origin\n\tmerge = refs/heads/main\n"
    }

    /// Debian 12's /etc/passwd of a small web server.
    static let passwd = """
    root:x:0:0:root:/root:/bin/bash
    daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
    bin:x:2:2:bin:/bin:/usr/sbin/nologin
    sys:x:3:3:sys:/dev:/usr/sbin/nologin
    sync:x:4:65534:sync:/bin:/bin/sync
    games:x:5:60:games:/usr/games:/usr/sbin/nologin
    man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
    lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
    mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
    news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
    uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
    proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
    www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
    backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
    list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
    irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
    _apt:x:42:65534::/nonexistent:/usr/sbin/nologin
    nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
    systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin
    messagebus:x:100:107::/nonexistent:/usr/sbin/nologin
    sshd:x:101:65534::/run/sshd:/usr/sbin/nologin
    mysql:x:102:110:MySQL Server,,,:/nonexistent:/bin/false
    debian:x:1000:1000:Debian,,,:/home/debian:/bin/bash

    """

    static let robots = "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\nSitemap: /wp-sitemap.xml\n"

    static func mysqlError(near: String) -> String {
        "<br />\n<b>Warning</b>:  mysqli_query(): (42000/1064): You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '\(HTML.escape(String(near.prefix(80))))' at line 1 in <b>/var/www/html/index.php</b> on line <b>27</b><br />\n"
    }
}

/// Per-install fake secrets shown in leaked config files. They are canaries: derived from the install's
/// seed, so the same values come back on every restart, and a later login with them anywhere is
/// recognisable as coming from someone who read the leak.
public struct CanaryValues: Sendable, Equatable {
    public var host: String
    public var appKey: String
    public var dbName: String
    public var dbUser: String
    public var dbPassword: String
    public var mailPassword: String
    public var awsKeyID: String
    public var awsSecret: String
    public var gitToken: String

    /// The secret values a later login could reuse.
    public var secrets: [String] { [dbPassword, mailPassword, awsSecret, gitToken] }

    /// `name=value` lines for DATA/web/canaries.txt, so an operator (or another component) can look the
    /// values up.
    public var recordText: String {
        "db_user=\(dbUser)\ndb_password=\(dbPassword)\nmail_password=\(mailPassword)\naws_access_key_id=\(awsKeyID)\naws_secret_access_key=\(awsSecret)\ngit_token=\(gitToken)\napp_key=\(appKey)\n"
    }

    /// The secrets `/.env` and `/.git/config` show, by their names in `recordText`.
    public static let envNames = ["db_user", "db_password", "mail_password", "aws_access_key_id", "aws_secret_access_key", "app_key"]
    public static let gitConfigNames = ["db_user", "git_token"]

    public init(seed: [UInt8], host: String) {
        var rng = SplitMix64(seed: seed)
        func pick(_ alphabet: String, _ n: Int) -> String {
            let a = Array(alphabet)
            return String((0..<n).map { _ in a[Int(rng.next() % UInt64(a.count))] })
        }
        let alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        let label = host.split(separator: ".").first.map(String.init) ?? "web"
        self.host = host
        appKey = pick(alnum, 43) + "="
        dbName = label.replacingOccurrences(of: "-", with: "_") + "_prod"
        dbUser = label.replacingOccurrences(of: "-", with: "_") + "_app"
        dbPassword = pick(alnum, 16)
        mailPassword = pick(alnum, 20)
        awsKeyID = "AKIA" + pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
        awsSecret = pick(alnum + "/+", 40)
        gitToken = "glpat-" + pick(alnum, 20)
    }
}

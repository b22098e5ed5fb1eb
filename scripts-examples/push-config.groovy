// Pushes a config file only where its checksum differs, and reloads only there.
//
//   fleetsh -i hosts.ini scripts-examples/push-config.groovy TARGETS LOCAL_FILE REMOTE_PATH [RELOAD]
//
// Compares the SHA-256 of LOCAL_FILE with REMOTE_PATH on each target (%h in REMOTE_PATH is
// the target's host), puts the file (atomically, checked) where they differ or it is missing,
// then runs RELOAD (default: sudo systemctl reload nginx) on those targets only.
// Exit status 0 when every target ends up with the file (and reloaded where it changed).

if (args.length < 3) {
    System.err.println 'usage: push-config.groovy TARGETS LOCAL_FILE REMOTE_PATH [RELOAD]'
    return 2
}
def (targets, localPath, remoteTemplate) = args[0..2]
def reload = args.length > 3 ? args[3] : 'sudo systemctl reload nginx'
def local = new File(localPath)
def want = local.bytes.digest('SHA-256')
def q = { s -> "'" + s.replace("'", "'\\''") + "'" }

int failed = 0
def changed = []
hosts(targets).each { t ->
    def remote = remoteTemplate.replace('%h', t.hops()[0].host())
    def have = fleet.run(t.path, "sha256sum < ${q(remote)} 2>/dev/null | cut -c1-64").all()[0]
    if (have.ok && have.stdout.trim() == want) {
        println "${t}: unchanged"
        return
    }
    def put = fleet.put(t.path, local, remote).all()[0]
    if (!put.ok) {
        println "${t}: put failed: ${put.error}"
        failed++
        return
    }
    def r = fleet.run(t.path, reload).all()[0]
    println "${t}: updated, reload ${r.ok ? 'ok' : 'FAILED: ' + (r.error ?: r.stderr.trim())}"
    if (!r.ok) {
        failed++
    }
    changed << t.path
}
println "${changed.size()} changed, ${failed} failed"
return failed ? 1 : 0

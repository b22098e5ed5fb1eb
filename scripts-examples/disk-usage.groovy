// Reports disk usage and flags the hosts over a threshold.
//
//   fleetsh -i hosts.ini scripts-examples/disk-usage.groovy TARGETS [PERCENT] [MOUNT]
//
// Prints the use of MOUNT (default /) on each target, fullest first, and marks with ! those
// above PERCENT (default 80). Exit status 1 when some host is over the threshold or could not
// be measured, so that it can gate a cron job or a CI step.

def targets = args.length > 0 ? args[0] : '@all'
int limit = args.length > 1 ? args[1] as int : 80
def mount = args.length > 2 ? args[2] : '/'
def q = { s -> "'" + s.replace("'", "'\\''") + "'" }

def results = fleet.run(targets, "df -P ${q(mount)} | awk 'NR == 2 {print \$5, \$4}'")
def rows = results.ok.collect { r ->
    def (pct, availKb) = r.stdout.trim().split(' ') as List
    [target: r.target, used: pct.replace('%', '') as int, free: (availKb as long) >> 20]
}.sort { -it.used }
rows.each { println "${it.used > limit ? '!' : ' '} ${it.target.padRight(20)} ${String.valueOf(it.used).padLeft(3)}% used, ${it.free} GiB free" }
def over = rows.findAll { it.used > limit }
println "${over.size()} of ${rows.size()} hosts over ${limit}% on ${mount}"
def missing = results.all().findAll { !it.ok }
missing.each { println "${it.target}: not measured: ${it.error ?: it.stderr.trim()}" }
return over || missing ? 1 : 0

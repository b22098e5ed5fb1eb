// Rolling restart with a health check between batches.
//
//   fleetsh -i hosts.ini scripts-examples/rolling-restart.groovy TARGETS [SERVICE] [BATCH]
//
// Restarts SERVICE (default nginx) on BATCH targets at a time (default 2), then waits up to
// 30 s for each to report healthy before the next batch. Stops as soon as more than 20% of
// the targets done so far failed. The commands can be changed through the environment:
//   RESTART  default: sudo systemctl restart SERVICE
//   CHECK    default: systemctl is-active --quiet SERVICE
// Exit status 0 when every target restarted healthy, 1 otherwise.

def targets = args.length > 0 ? args[0] : '@all'
def service = args.length > 1 ? args[1] : 'nginx'
int size = args.length > 2 ? args[2] as int : 2
def restart = System.getenv('RESTART') ?: "sudo systemctl restart ${service}"
def check = System.getenv('CHECK') ?: "systemctl is-active --quiet ${service}"
def waitHealthy = "i=0; until ${check}; do i=\$((i+1)); [ \$i -ge 30 ] && exit 1; sleep 1; done"

int round = 0
try {
    rolling(targets, batch: size, maxFailPercent: 20) { batch ->
        round++
        def restarted = fleet.run(batch, restart)
        def healthy = restarted.allOk() ? fleet.run(batch, waitHealthy) : restarted
        println "batch ${round}: ${batch*.path.join(',')}: ${healthy.summary()}"
        healthy.findAll { !it.ok }.each { println "  ${it.target}: ${it.error ?: it.stderr.trim() ?: 'exit ' + it.exit}" }
        healthy
    }
} catch (IllegalStateException stopped) {
    println stopped.message
    return 1
}
println "rolling restart of ${service} done"
return 0

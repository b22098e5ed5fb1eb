// Gathers facts (OS, kernel, uptime, memory) into a table and a CSV file.
//
//   fleetsh -i hosts.ini scripts-examples/facts.groovy TARGETS [facts.csv]
//
// Prints one row per target and writes the same rows, with a header, to the CSV file
// (default facts.csv). Unreachable targets are listed after the table. Exit status 1 when
// some target gave no facts.

def targets = args.length > 0 ? args[0] : '@all'
def csv = new File(args.length > 1 ? args[1] : 'facts.csv')
def probe = '''. /etc/os-release 2>/dev/null
printf '%s\\t%s\\t%s\\t%s\\n' "${PRETTY_NAME:-$(uname -s)}" "$(uname -r)" \\
  "$(cut -d' ' -f1 /proc/uptime)" "$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"'''

def results = fleet.run(targets, probe)
def rows = results.ok.collect { r ->
    def (os, kernel, uptime, memKb) = r.stdout.trim().split('\t') as List
    [target: r.target, os: os, kernel: kernel,
     uptime: String.format('%.1fh', (uptime as double) / 3600), memory: "${(memKb as long) >> 10} MiB"]
}
def cols = ['target', 'os', 'kernel', 'uptime', 'memory']
def width = cols.collectEntries { c -> [c, ([c] + rows*.get(c)).collect { it.toString().size() }.max()] }
println cols.collect { it.toUpperCase().padRight(width[it]) }.join('  ')
rows.each { row -> println cols.collect { row[it].toString().padRight(width[it]) }.join('  ') }

def quote = { v -> '"' + v.toString().replace('"', '""') + '"' }
csv.text = ([cols.join(',')] + rows.collect { row -> cols.collect { quote(row[it]) }.join(',') }).join('\n') + '\n'
println "wrote ${rows.size()} rows to ${csv}"

def missing = results.all().findAll { !it.ok }
missing.each { println "${it.target}: no facts: ${it.error ?: it.stderr.trim()}" }
return missing ? 1 : 0

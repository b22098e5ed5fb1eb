// Audits the accounts of many hosts: who can log in, whose password is locked, and what
// each may run with sudo.
//
//   fleetsh -i hosts.ini scripts-examples/account-audit.groovy TARGETS
//
// Runs as root on each host (TARGETS/sudo:root, so sudo must let you in) and prints one row
// per account with a login shell: password state (P set, L locked, NP none) and sudo rules.
// Accounts with sudo rights are flagged with *. Exit status 1 when some host could not be
// audited.

def targets = args.length > 0 ? args[0] : '@all'
def probe = '''awk -F: '$7 !~ /(nologin|false|sync|halt|shutdown)$/ {print $1}' /etc/passwd |
while read -r u; do
  s=$(passwd -S "$u" 2>/dev/null | awk '{print $2}')
  r=$(sudo -n -l -U "$u" 2>/dev/null | awk '/may run the following/ {f=1; next} f {sub(/^ +/, ""); printf "%s; ", $0}')
  printf '%s\\t%s\\t%s\\n' "$u" "${s:-?}" "$r"
done'''

def asRoot = hosts(targets).collect { it.path + '/sudo:root' }.join(',')
def results = fleet.run(asRoot, probe)
int withSudo = 0
results.ok.each { r ->
    def host = r.target - '/sudo:root'
    r.stdout.readLines().each { line ->
        def (user, state, rules) = (line.split('\t', -1) as List) + ['', '']
        def flag = rules ? '*' : ' '
        withSudo += rules ? 1 : 0
        println "${flag} ${host.padRight(14)} ${user.padRight(14)} ${state.padRight(3)} ${rules ?: '-'}"
    }
}
println "${withSudo} accounts with sudo rights on ${results.ok.size()} hosts"
def missing = results.all().findAll { !it.ok }
missing.each { println "${it.target}: not audited: ${it.error ?: it.stderr.trim()}" }
return missing ? 1 : 0

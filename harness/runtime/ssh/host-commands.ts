/**
 * The shell commands the ssh runtime runs on a host, written once: install and remove the
 * harness's fault chains, and find and kill every process of a run (by HX_RUN in its
 * environment). Root on the host is needed for iptables and for signalling.
 */
import { faultChain } from '../netns/firewall.js';
import { outputFaultChain } from '../node-firewall.js';
import { shellQuote } from './ssh-host.js';

const iptables = 'PATH="$PATH:/usr/sbin:/sbin" iptables -w 5';

/** Create the two chains (if missing), jump to them from INPUT and OUTPUT (once), empty them. */
export const installChainsCommand = [
  `${iptables} -N ${faultChain} 2>/dev/null`,
  `${iptables} -N ${outputFaultChain} 2>/dev/null`,
  `{ ${iptables} -C INPUT -j ${faultChain} 2>/dev/null || ${iptables} -I INPUT -j ${faultChain}; }`,
  `{ ${iptables} -C OUTPUT -j ${outputFaultChain} 2>/dev/null || ${iptables} -I OUTPUT -j ${outputFaultChain}; }`,
  `${iptables} -F ${faultChain} && ${iptables} -F ${outputFaultChain}`,
].join('; ');

export const restoreRulesCommand = 'PATH="$PATH:/usr/sbin:/sbin" iptables-restore -w 5 --noflush';

/** Remove the jumps and the chains; nothing else of the host's firewall is touched. */
export const removeChainsCommand = [
  `while ${iptables} -D INPUT -j ${faultChain} 2>/dev/null; do :; done`,
  `while ${iptables} -D OUTPUT -j ${outputFaultChain} 2>/dev/null; do :; done`,
  `${iptables} -F ${faultChain} 2>/dev/null; ${iptables} -X ${faultChain} 2>/dev/null`,
  `${iptables} -F ${outputFaultChain} 2>/dev/null; ${iptables} -X ${outputFaultChain} 2>/dev/null`,
  'true',
].join('; ');

/** Prints the pid of every process whose environment has HX_RUN=<prefix>; with kill, SIGCONT + SIGKILL them first. One grep over every environ (GNU grep: -z for NUL-separated entries). */
export function runProcessesCommand(prefix: string, kill: boolean): string {
  const act = kill ? 'kill -CONT "$p" 2>/dev/null; kill -9 "$p" 2>/dev/null; ' : '';
  return `for f in $(grep -lzxF ${shellQuote(`HX_RUN=${prefix}`)} /proc/[0-9]*/environ 2>/dev/null); do p=\${f#/proc/}; p=\${p%/environ}; ${act}echo "$p"; done; true`;
}

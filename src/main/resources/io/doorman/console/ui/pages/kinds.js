// The frontend kinds: the five a host can name, plus the extra outputs the frontend endpoint renders.

/** Each kind: its id, a label, a line about it, and whether a host may stand behind it. */
export const FRONTEND_KINDS = [
  { id: 'caddy', label: 'Caddy', about: 'automatic HTTPS; Doorman can apply its site to a running Caddy', hostKind: true },
  { id: 'nginx', label: 'nginx', about: 'a server block for conf.d', hostKind: true },
  { id: 'traefik', label: 'Traefik', about: 'a dynamic configuration file', hostKind: true },
  { id: 'cloudflared', label: 'Cloudflare Tunnel', about: 'no open ports: for CGNAT', hostKind: true },
  { id: 'tailscale', label: 'Tailscale Funnel', about: 'no open ports: through your tailnet', hostKind: true },
  { id: 'systemd', label: 'systemd units', about: 'run Doorman and its frontend as services', hostKind: false },
  { id: 'nftables', label: 'nftables rules', about: 'keep PMS reachable only through Doorman', hostKind: false },
];

/** The label of a kind id. */
export function kindLabel(id) {
  const k = FRONTEND_KINDS.find((x) => x.id === id);
  return k ? k.label : id;
}

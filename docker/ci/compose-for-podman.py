#!/usr/bin/env python3
"""docker/compose.yaml as podman-compose 1.0.3 can start it on a CI machine (docker/ci-stack.sh).

Usage: compose-for-podman.py SOURCE DEST CONTAINER_PORT=HOST_PORT...

Only what that tool or the machine forces changes, and each change is printed:
- Services behind a profile go: podman-compose 1.0.3 ignores profiles, so it would start them
  (and pull their images). Compose leaves them out unless asked, so the deployment is the same.
- depends_on entries naming those services go, as compose skips them (`required: false`).
- `healthcheck: {disable: true}` becomes `test: [NONE]`, the form podman-compose 1.0.3 reads;
  otherwise the one-shot steps would inherit the image's health check.
- Every published port binds to 127.0.0.1, on the host port the caller names for its container
  port: the machine's own NATS already holds 4222, and CI traffic stays on loopback. A published
  port the caller did not name is an error, so a new one cannot slip through unchecked.
Anchors are expanded on the way (PyYAML resolves them); ${VAR:-default} is left for podman-compose.
"""
import copy
import sys

import yaml


def main(source, dest, mappings):
    host_ports = dict(m.split('=', 1) for m in mappings)
    with open(source) as f:
        compose = yaml.safe_load(f)
    services = compose['services']
    changes = []

    for name in [n for n, s in services.items() if s.get('profiles')]:
        changes.append(f'left out {name} (profiles {services[name]["profiles"]})')
        del services[name]

    for name, service in services.items():
        service = services[name] = copy.deepcopy(service)  # anchors are shared: edit a copy
        deps = service.get('depends_on')
        if isinstance(deps, dict):
            for dep in [d for d in deps if d not in services]:
                changes.append(f'{name}: no depends_on {dep}')
                del deps[dep]
        elif isinstance(deps, list):
            service['depends_on'] = [d for d in deps if d in services]
        health = service.get('healthcheck')
        if isinstance(health, dict) and health.get('disable'):
            service['healthcheck'] = {'test': ['NONE']}
            changes.append(f'{name}: healthcheck disable -> test NONE')
        ports = []
        for port in service.get('ports', []):
            if not isinstance(port, str):
                sys.exit(f'compose-for-podman: {name}: only "HOST:CONTAINER" ports are handled, not {port!r}')
            container_port = port.rsplit(':', 1)[-1]
            if container_port not in host_ports:
                sys.exit(f'compose-for-podman: {name} publishes {port}: name a host port for {container_port}')
            ports.append(f'127.0.0.1:{host_ports[container_port]}:{container_port}')
            changes.append(f'{name}: port {port} -> {ports[-1]}')
        if ports:
            service['ports'] = ports

    for key in [k for k in compose if k.startswith('x-')]:
        del compose[key]
    compose['volumes'] = {k: v for k, v in (compose.get('volumes') or {}).items()
                          if any(str(vol).split(':', 1)[0] == k for s in services.values() for vol in s.get('volumes', []))}

    with open(dest, 'w') as f:
        f.write(f'# Made by docker/ci/compose-for-podman.py from {source}; do not edit.\n')
        yaml.safe_dump(compose, f, sort_keys=False, allow_unicode=True)
    for change in changes:
        print(f'compose-for-podman: {change}')


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])

import { isInternalAddress, OutboundUrlError, parseWebhookUrl, refuseInternalResolution } from './outbound-url';

describe('webhook URLs', () => {
  it('accepts http and https, and refuses every other scheme', () => {
    expect(parseWebhookUrl('https://receiver.example/hook?x=1', false).href).toBe('https://receiver.example/hook?x=1');
    expect(parseWebhookUrl('http://receiver.example:8080/', false).port).toBe('8080');
    for (const raw of ['ftp://receiver.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'receiver.example/hook', '']) {
      expect(() => parseWebhookUrl(raw, true)).toThrow(OutboundUrlError);
    }
  });

  it('refuses credentials and fragments, which would be shown and logged', () => {
    expect(() => parseWebhookUrl('https://user:pw@receiver.example/', true)).toThrow('must not carry credentials');
    expect(() => parseWebhookUrl('https://receiver.example/#x', true)).toThrow('must not have a fragment');
  });

  it('refuses internal hosts unless private destinations are allowed', () => {
    for (const raw of [
      'http://127.0.0.1:9/',
      'http://localhost/',
      'http://api.localhost/',
      'http://[::1]/',
      'http://10.1.2.3/',
      'http://169.254.169.254/latest',
      'http://0x7f.1/',
      'http://[::ffff:192.168.0.1]/',
    ]) {
      expect(() => parseWebhookUrl(raw, false)).toThrow('loopback, private or link-local');
      expect(parseWebhookUrl(raw, true)).toBeInstanceOf(URL);
    }
  });

  it('tells internal addresses from public ones', () => {
    expect(
      [
        '127.0.0.1',
        '10.0.0.1',
        '172.16.5.4',
        '192.168.1.1',
        '100.64.0.1',
        '169.254.169.254',
        '0.0.0.0',
        '::',
        '::1',
        'fd12::1',
        'fe80::1',
        '::ffff:127.0.0.1',
      ].filter((a) => !isInternalAddress(a)),
    ).toEqual([]);
    expect(['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111'].filter(isInternalAddress)).toEqual([]);
  });

  it('refuses a name that resolves to an internal address at registration (from the hosts file, no DNS server needed)', async () => {
    await expect(refuseInternalResolution(new URL('http://localhost/'))).rejects.toThrow('resolves to');
  });
});

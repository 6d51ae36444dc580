// The bureau's dashboard. Every figure shown comes from the API answers fetched here with the caller's token
// (GET /api/me, /api/progress/..., /api/targets); the page computes nothing but sums of a period's yearly breakdowns.
'use strict';
(() => {
  const $ = id => document.getElementById(id);
  const TOKEN = 'training.token', OIDC = 'training.oidc';
  const PACE = {
    ahead: ['超前', 'ahead'], 'on-pace': ['符合进度', 'on-pace'], behind: ['落后', 'behind'], none: ['未设目标', 'none']
  };
  const ROLE = { bureau: '人社部门', admin: '管理员', institution: '培训机构', certifier: '评价机构' };
  const MEASURE = { enrolled: '报名人次', completed: '结业', certified: '取证' };
  const state = { signIn: null, me: null, region: null, period: null, asOf: '', programme: null, overview: null, detail: null };
  const charts = {};

  // ---------- text ----------
  const fmt = n => n === null || n === undefined ? '—' : Number(n).toLocaleString('zh-CN');
  const pct = n => n === null || n === undefined ? '—' : `${n}%`;
  // Nothing the page shows may carry a full resident ID number, whatever a message contains.
  const maskIds = text => String(text ?? '').replace(/\b(\d{6})\d{8}(\d{3}[\dXx])\b/g, '$1********$2');
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v; else if (k === 'text') node.textContent = maskIds(v); else node.setAttribute(k, v);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  };
  const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date()); // yyyy-MM-dd, China time

  // ---------- messages and loading ----------
  class ApiError extends Error {
    constructor(kind, title, text, status) { super(title); Object.assign(this, { kind, title, text, status }); }
  }

  function showMessage(title, text, action) {
    $('message-title').textContent = maskIds(title);
    $('message-text').textContent = maskIds(text);
    const button = $('message-action');
    button.hidden = !action;
    if (action) { button.textContent = action.label; button.onclick = action.run; }
    $('message').hidden = false;
  }
  const clearMessage = () => { $('message').hidden = true; };

  function explain(error) {
    if (!(error instanceof ApiError)) error = new ApiError('unreachable', '无法连接服务', '网络不通或服务未启动。请检查网络后重试。');
    const retry = { label: '重试', run: () => load() };
    switch (error.kind) {
      case 'expired':
        forgetToken();
        return showMessage('登录已过期或无效', '请重新登录。', { label: '重新登录', run: () => showSignIn() });
      case 'forbidden':
        return showMessage('无权查看', `${error.text || '该地区不在您的权限范围内。'}请选择您所辖的地区，或联系管理员开通权限。`,
          state.me?.regions?.length ? { label: '回到本级地区', run: () => { state.region = state.me.regions[0].code; load(); } } : null);
      case 'unreachable':
        return showMessage('无法连接服务', '网络不通或服务暂时不可用。请检查网络后重试。', retry);
      case 'server':
        return showMessage('服务出错', `${error.text || ''} 请稍后重试；若一直如此，请联系管理员。`, retry);
      default:
        return showMessage(error.title || '请求有误', error.text || '', retry);
    }
  }

  let pending = 0, done = 0;
  function loading(delta) {
    if (delta > 0) pending += delta; else done -= delta;
    const busy = done < pending;
    $('loading').hidden = !busy;
    document.body.setAttribute('aria-busy', String(busy));
    $('loading-text').textContent = busy ? `正在加载… ${done}/${pending}` : '';
    if (!busy) { pending = 0; done = 0; }
  }

  // ---------- the API ----------
  const token = () => sessionStorage.getItem(TOKEN);
  /** A JWT past its exp (a token the page cannot read is left for the API to judge). */
  const expired = value => {
    try {
      const claims = JSON.parse(atob(value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      return typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now();
    } catch {
      return false;
    }
  };
  const forgetToken = () => sessionStorage.removeItem(TOKEN);

  async function request(url, accept = 'application/json') {
    loading(1);
    try {
      let response;
      try {
        response = await fetch(url, { headers: { Authorization: `Bearer ${token()}`, Accept: accept }, cache: 'no-store' });
      } catch {
        throw new ApiError('unreachable');
      }
      if (response.ok) return response;
      let problem = {};
      try { problem = await response.json(); } catch { /* not a problem body */ }
      const text = problem.detail || problem.title || '';
      if (response.status === 401) throw new ApiError('expired', '', text, 401);
      if (response.status === 403) throw new ApiError('forbidden', '', problem.detail || '', 403);
      if (response.status >= 500) throw new ApiError(response.status === 503 ? 'unreachable' : 'server', '', text, response.status);
      throw new ApiError('invalid', problem.title || `请求有误（${response.status}）`, problem.detail || '', response.status);
    } finally {
      loading(-1);
    }
  }
  const getJson = async url => (await request(url)).json();

  const asOfQuery = (sep = '?') => state.asOf ? `${sep}asOf=${state.asOf}` : '';
  const isPeriod = () => state.period.includes('-');
  const years = () => {
    const [from, to] = state.period.split('-').map(Number);
    return Array.from({ length: (to ?? from) - from + 1 }, (_, i) => from + i);
  };
  const overviewUrl = () => `/api/progress/${state.region}/${isPeriod() ? `period/${state.period}` : state.period}`;
  const breakdownUrl = (year, programme) => `/api/progress/${state.region}/${year}/${programme}`;

  // ---------- sign-in ----------
  const b64url = bytes => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const random = () => b64url(crypto.getRandomValues(new Uint8Array(32)));
  const redirectUri = () => `${location.origin}/dashboard`;
  async function discovery() {
    const response = await fetch(`${state.signIn.authority}/.well-known/openid-configuration`);
    if (!response.ok) throw new ApiError('unreachable');
    return response.json();
  }

  /** Authorization code with PKCE, as a public client: no secret in the page. */
  async function beginOidc() {
    let meta;
    try { meta = await discovery(); } catch {
      return showMessage('无法连接统一身份认证', '认证服务暂时不可用，请稍后重试。', { label: '重试', run: beginOidc });
    }
    const verifier = random(), stateValue = random();
    const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    sessionStorage.setItem(OIDC, JSON.stringify({ state: stateValue, verifier, returnTo: location.pathname + location.search }));
    const query = new URLSearchParams({
      response_type: 'code', client_id: state.signIn.clientId, redirect_uri: redirectUri(), scope: state.signIn.scope,
      state: stateValue, code_challenge: challenge, code_challenge_method: 'S256'
    });
    location.assign(`${meta.authorization_endpoint}?${query}`);
  }

  async function completeOidc(params) {
    const saved = JSON.parse(sessionStorage.getItem(OIDC) || 'null');
    sessionStorage.removeItem(OIDC);
    if (params.get('error')) throw new ApiError('invalid', '登录未完成', params.get('error_description') || params.get('error'));
    if (!saved || saved.state !== params.get('state')) throw new ApiError('invalid', '登录未完成', '登录请求已失效，请重新登录。');
    const meta = await discovery();
    const response = await fetch(meta.token_endpoint, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
        client_id: state.signIn.clientId, code_verifier: saved.verifier
      })
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok || !answer.access_token)
      throw new ApiError('invalid', '登录未完成', answer.error_description || answer.error || `认证服务答复 ${response.status}`);
    sessionStorage.setItem(TOKEN, answer.access_token);
    history.replaceState(null, '', saved.returnTo || '/dashboard');
  }

  function showSignIn() {
    $('report').hidden = true;
    $('who').hidden = true;
    $('sign-in').hidden = false;
    const oidc = !!(state.signIn.authority && state.signIn.clientId);
    $('oidc-sign-in').hidden = !oidc;
    $('dev-token-form').hidden = !state.signIn.developmentTokens;
    $('no-sign-in').hidden = oidc || state.signIn.developmentTokens;
  }

  // ---------- choosing what to show ----------
  function readLocation() {
    const path = location.pathname.match(/^\/dashboard\/(\d{6})\/?$/);
    const query = new URLSearchParams(location.search);
    state.region = path ? path[1] : null;
    state.period = query.get('period') || query.get('year') || today().slice(0, 4);
    state.asOf = query.get('asOf') || '';
    state.programme = query.get('programme');
  }

  function writeLocation() {
    const query = new URLSearchParams();
    query.set(isPeriod() ? 'period' : 'year', state.period);
    if (state.asOf) query.set('asOf', state.asOf);
    if (state.programme) query.set('programme', state.programme);
    history.replaceState(null, '', `/dashboard/${state.region}?${query}`);
  }

  function fillRegions() {
    const select = $('region');
    select.replaceChildren(...state.me.regions.map(r => el('option', {
      value: r.code, text: `${r.level === 'county' ? '\u3000\u3000' : r.level === 'city' && r.parentCode ? '\u3000' : ''}${r.name}`
    })));
    select.value = state.region;
  }

  function fillPeriods(targets) {
    const thisYear = Number(today().slice(0, 4));
    const options = [];
    for (let y = thisYear; y >= 2021; y--) options.push([String(y), `${y}年`]);
    // The plan periods any target names (the 14th five-year plan's 2021–2025 always), and the one in the address.
    const plans = new Set(['2021-2025', ...targets.filter(t => t.fromYear !== t.toYear).map(t => `${t.fromYear}-${t.toYear}`)]);
    if (isPeriod()) plans.add(state.period);
    for (const p of [...plans].sort()) options.push([p, `${p.replace('-', '—')}年（规划期累计）`]);
    if (!options.some(([v]) => v === state.period)) options.push([state.period, `${state.period}年`]);
    $('period').replaceChildren(...options.map(([value, text]) => el('option', { value, text })));
    $('period').value = state.period;
  }

  // ---------- loading a report ----------
  let generation = 0;
  async function load() {
    const mine = ++generation;
    clearMessage();
    if (!state.me.regions.some(r => r.code === state.region)) state.region = state.me.regions[0].code;
    $('region').value = state.region;
    $('as-of').value = state.asOf;
    $('as-of').max = today();
    writeLocation();
    try {
      const [overview, targets] = await Promise.all([getJson(overviewUrl() + asOfQuery()), getJson('/api/targets')]);
      if (mine !== generation) return;
      fillPeriods(targets);
      state.overview = normalise(overview);
      state.targets = targets;
      if (!state.overview.cards.some(c => c.programme === state.programme)) state.programme = state.overview.cards[0].programme;
      renderOverview();
      await loadDetail(mine);
    } catch (error) {
      if (mine === generation) explain(error);
    }
  }

  async function loadDetail(mine = generation) {
    writeLocation();
    // A year after the as-of day has nothing recorded yet: it is not asked for.
    const until = Number((state.asOf || today()).slice(0, 4));
    const answers = await Promise.all(years().filter(y => y <= until).map(y => getJson(breakdownUrl(y, state.programme) + asOfQuery())));
    if (mine !== generation) return;
    state.detail = combine(answers);
    renderDetail();
  }

  /** The year answer and the period answer, as cards: the person-time (enrolled) target's progress, other measures beside. */
  function normalise(answer) {
    const card = p => {
      const all = p.targets ?? [];
      const enrolled = all.find(t => t.measure === 'enrolled');
      return {
        programme: p.programme, name: p.name, enrolled: p.enrolled, uniqueTrainees: p.uniqueTrainees, completed: p.completed,
        certified: p.certified, certifiedTrainees: p.certifiedTrainees, withdrawn: p.withdrawn,
        target: enrolled?.target ?? p.target ?? null, percent: enrolled?.percentOfTarget ?? p.percentOfTarget ?? null,
        expected: enrolled?.expected ?? p.expected ?? null, pace: enrolled?.pace ?? p.pace ?? null,
        derived: !!enrolled?.derived, source: enrolled?.source ?? null,
        others: all.filter(t => t.measure !== 'enrolled')
      };
    };
    const cards = answer.programmes.map(card);
    if (answer.all && (answer.all.targets ?? []).length) cards.push(card(answer.all));
    return {
      regionName: answer.regionName, asOf: answer.asOf, elapsedPercent: answer.elapsedPercent, cards
    };
  }

  /** One year's breakdown as it is; a period's as the sum of its years (every split is additive, the API says so). */
  function combine(answers) {
    if (!isPeriod()) {
      const a = answers[0];
      // The curve stops at the as-of month: the months after it have nothing recorded yet.
      const [asOfYear, asOfMonth] = a.asOf.split('-').map(Number);
      const shown = m => a.year < asOfYear || m <= asOfMonth;
      return {
        name: a.name, total: a.total, targets: a.targets, byRegion: a.byRegion, byInstitution: a.byInstitution,
        curve: a.byMonth.map(m => ({ label: `${m.month}月`, added: m.enrolled, cumulative: m.cumulativeEnrolled,
          cumulativeCompleted: m.cumulativeCompleted, cumulativeCertified: m.cumulativeCertified, expected: m.expectedEnrolled,
          future: !shown(m.month) })),
        unit: '月'
      };
    }
    const sumRows = key => {
      const rows = new Map();
      for (const a of answers) for (const r of a[key]) {
        const k = r.code ?? '';
        const row = rows.get(k) ?? { code: r.code, name: r.name, enrolled: 0, completed: 0, withdrawn: 0, cancelled: 0, certified: 0 };
        for (const f of ['enrolled', 'completed', 'withdrawn', 'cancelled', 'certified']) row[f] += r[f];
        rows.set(k, row);
      }
      return [...rows.values()];
    };
    const entry = state.overview.cards.find(c => c.programme === state.programme);
    let cumulative = 0, completed = 0, certified = 0;
    const all = years();
    const curve = all.map((year, i) => {
      const a = answers.find(x => x.year === year);
      if (a) { cumulative += a.total.enrolled; completed += a.total.completed; certified += a.total.certified; }
      return { label: `${year}年`, added: a ? a.total.enrolled : null, cumulative: a ? cumulative : null,
        cumulativeCompleted: a ? completed : null, cumulativeCertified: a ? certified : null,
        expected: entry?.target == null ? null : Math.round(entry.target * (i + 1) / all.length * 10) / 10 };
    });
    const total = {};
    for (const f of ['enrolled', 'completed', 'withdrawn', 'cancelled', 'certified'])
      total[f] = answers.reduce((s, a) => s + a.total[f], 0);
    // Unique people do not add up across years: the period answer counts them once.
    total.uniqueTrainees = entry?.uniqueTrainees ?? null;
    total.certifiedTrainees = entry?.certifiedTrainees ?? null;
    return { name: entry?.name ?? state.programme, total, targets: [], byRegion: sumRows('byRegion'), byInstitution: sumRows('byInstitution'), curve, unit: '年' };
  }

  /** A child region's own enrolled target for the shown year or period, if it has one (or every year of the period has one). */
  function ownTarget(regionCode) {
    const mine = state.targets.filter(t => t.regionCode === regionCode && t.programme === state.programme && t.measure === 'enrolled');
    const ys = years();
    const exact = mine.find(t => t.fromYear === ys[0] && t.toYear === ys[ys.length - 1]);
    if (exact) return exact.value;
    if (ys.length === 1) return null;
    const yearly = ys.map(y => mine.find(t => t.fromYear === y && t.toYear === y));
    return yearly.every(Boolean) ? yearly.reduce((s, t) => s + t.value, 0) : null;
  }

  // ---------- rendering ----------
  function renderOverview() {
    const o = state.overview;
    const periodText = isPeriod() ? `${state.period.replace('-', '—')}年规划期` : `${state.period}年`;
    $('report-title').textContent = `${o.regionName} · ${periodText} · 截至 ${o.asOf}（时间进度 ${pct(o.elapsedPercent)}）`;
    $('breakdown-downloads').hidden = isPeriod();
    $('cards').replaceChildren(...o.cards.map(c => {
      const [paceText, paceClass] = PACE[c.pace ?? 'none'] ?? [c.pace, 'none'];
      const bar = c.target ? el('div', { class: 'meter', 'aria-hidden': 'true' },
        el('div', { class: `fill ${paceClass}`, style: `width:${Math.min(100, c.percent ?? 0)}%` }),
        c.expected != null ? el('div', { class: 'expected', style: `left:${Math.min(100, c.expected / c.target * 100)}%`, title: `应达 ${fmt(c.expected)}` }) : null) : null;
      return el('button', {
        type: 'button', class: `card ${paceClass}`, 'data-programme': c.programme, 'aria-pressed': String(c.programme === state.programme)
      },
        el('span', { class: 'card-head' }, el('span', { class: 'card-name', text: c.name }),
          el('span', { class: `pace ${paceClass}`, 'data-field': 'pace', 'data-pace': c.pace ?? 'none', text: paceText })),
        el('span', { class: 'card-figure' }, el('b', { 'data-field': 'enrolled', text: fmt(c.enrolled) }),
          c.target == null
            ? el('span', { class: 'muted' }, ' 人次 · ', el('span', { 'data-field': 'target', text: '未设目标' }))
            : el('span', { class: 'muted' }, ' / ', el('span', { 'data-field': 'target', text: fmt(c.target) }),
              c.derived ? el('span', { title: '各年目标之和', text: '（各年之和）' }) : null, ' 人次'),
          el('span', { class: 'card-percent', 'data-field': 'percent', text: pct(c.percent) })),
        bar,
        el('span', { class: 'card-line muted' }, c.expected == null ? '' : `按时间应达 ${fmt(c.expected)} 人次`),
        el('span', { class: 'card-line' },
          '人数 ', el('b', { 'data-field': 'uniqueTrainees', text: fmt(c.uniqueTrainees) }),
          ' · 结业 ', el('b', { 'data-field': 'completed', text: fmt(c.completed) }),
          ' · 取证 ', el('b', { 'data-field': 'certified', text: fmt(c.certified) })),
        ...c.others.map(t => el('span', { class: 'card-line muted', text:
          `${MEASURE[t.measure] ?? t.measure}目标 ${fmt(t.target)}：已 ${fmt(t.figure)}（${pct(t.percentOfTarget)}，${(PACE[t.pace] ?? [t.pace])[0]}）` })));
    }));
  }

  function table(id, head, rows) {
    $(id).replaceChildren(
      el('thead', {}, el('tr', {}, ...head.map(h => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...rows.map(r => el('tr', {}, ...r.map((v, i) => el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row', text: v } : { text: v }))))));
  }

  function chart(id) {
    if (typeof echarts === 'undefined') return null; // the tables still carry every figure
    charts[id] ??= echarts.init($(id), null, { renderer: 'svg', locale: 'ZH' });
    return charts[id];
  }
  const axisFont = { fontSize: 11 };
  // An empty split still gets its panel, saying so rather than drawing bare axes.
  const nothing = text => ({ title: { text, left: 'center', top: 'middle', textStyle: { color: '#7a8591', fontSize: 14, fontWeight: 'normal' } } });

  function renderDetail() {
    const d = state.detail;
    $('detail-title').textContent = `${d.name}：明细`;
    const t = d.total;
    const totals = [
      ['enrolled', '报名人次', t.enrolled], ['uniqueTrainees', '学员人数', t.uniqueTrainees], ['completed', '结业人次', t.completed],
      ['certified', '取证', t.certified], ['certifiedTrainees', '取证人数', t.certifiedTrainees],
      ['withdrawn', '退出', t.withdrawn], ['cancelled', '班级取消', t.cancelled]
    ];
    $('totals').replaceChildren(...totals.flatMap(([key, label, value]) =>
      [el('dt', { text: label }), el('dd', { 'data-field': key, text: fmt(value) })]));

    // The running total against the straight line to the target.
    $('curve-title').textContent = `累计报名人次与目标进度线（按${d.unit}）`;
    table('table-curve', [d.unit === '月' ? '月份' : '年份', '新增报名', '累计报名', '目标进度线', '累计结业', '累计取证'],
      d.curve.map(p => [p.label, fmt(p.added), fmt(p.cumulative), p.expected == null ? '—' : fmt(p.expected), fmt(p.cumulativeCompleted), fmt(p.cumulativeCertified)]));
    chart('chart-curve')?.setOption({
      animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0, textStyle: axisFont },
      grid: { left: 48, right: 16, top: 30, bottom: 24 },
      xAxis: { type: 'category', data: d.curve.map(p => p.label), axisLabel: axisFont },
      yAxis: { type: 'value', axisLabel: axisFont },
      series: [
        { name: '累计报名人次', type: 'line', data: d.curve.map(p => p.future ? null : p.cumulative), symbolSize: 5, lineStyle: { width: 3 }, color: '#1f6fb2' },
        { name: '目标进度线', type: 'line', data: d.curve.map(p => p.expected), symbol: 'none', lineStyle: { type: 'dashed' }, color: '#9a9a9a' },
        { name: '累计结业', type: 'line', data: d.curve.map(p => p.future ? null : p.cumulativeCompleted), symbolSize: 4, color: '#2e8b57' }
      ]
    }, true);

    // The split by child region, each against its own target where it has one.
    const regions = d.byRegion.map(r => ({ ...r, target: r.code ? ownTarget(r.code) : null }));
    $('regions-title').textContent = `下级地区报名人次（灰色为该地区自己的目标）`;
    table('table-regions', ['地区', '报名人次', '结业', '取证', '退出', '目标', '完成率'],
      regions.map(r => [r.name, fmt(r.enrolled), fmt(r.completed), fmt(r.certified), fmt(r.withdrawn),
        r.target == null ? '—' : fmt(r.target), r.target ? pct(Math.round(r.enrolled / r.target * 1000) / 10) : '—']));
    const county = state.me.regions.find(r => r.code === state.region)?.level === 'county';
    if (!regions.length) chart('chart-regions')?.setOption(nothing(county ? '区县没有下级地区' : '暂无数据'), true);
    else chart('chart-regions')?.setOption({
      animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0, textStyle: axisFont },
      grid: { left: 40, right: 12, top: 30, bottom: 40 },
      xAxis: { type: 'category', data: regions.map(r => r.name), axisLabel: { ...axisFont, interval: 0, rotate: regions.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', axisLabel: axisFont },
      series: [
        { name: '目标', type: 'bar', data: regions.map(r => r.target), color: '#d9dde3', barGap: '-100%', barWidth: '60%' },
        { name: '报名人次', type: 'bar', data: regions.map(r => r.enrolled), color: '#1f6fb2', barWidth: '60%' }
      ]
    }, true);

    const top = [...d.byInstitution].sort((a, b) => b.enrolled - a.enrolled).slice(0, 10);
    table('table-institutions', ['机构', '报名人次', '结业', '取证', '退出'],
      top.map(r => [r.name, fmt(r.enrolled), fmt(r.completed), fmt(r.certified), fmt(r.withdrawn)]));
    if (!top.length) chart('chart-institutions')?.setOption(nothing('暂无机构数据'), true);
    else chart('chart-institutions')?.setOption({
      animation: false, tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 24, top: 10, bottom: 20, containLabel: true },
      xAxis: { type: 'value', axisLabel: axisFont },
      yAxis: { type: 'category', inverse: true, data: top.map(r => r.name.length > 12 ? r.name.slice(0, 12) + '…' : r.name), axisLabel: axisFont },
      series: [{ name: '报名人次', type: 'bar', data: top.map(r => r.enrolled), color: '#1f6fb2', label: { show: true, position: 'right', fontSize: 11 } }]
    }, true);
    document.querySelectorAll('.card').forEach(c => c.setAttribute('aria-pressed', String(c.dataset.programme === state.programme)));
  }

  // ---------- downloads (the exports need the bearer token, so fetch and save the blob) ----------
  async function download(which, format) {
    const url = which === 'overview' ? overviewUrl() : breakdownUrl(state.period, state.programme);
    try {
      const response = await request(`${url}?format=${format}${asOfQuery('&')}`, '*/*');
      const blob = await response.blob();
      const region = state.me.regions.find(r => r.code === state.region)?.name ?? state.region;
      const name = `${which === 'overview' ? '培训进度' : `${state.detail.name}明细`}-${region}-${state.period}-截至${state.overview.asOf}.${format}`;
      const link = el('a', { href: URL.createObjectURL(blob), download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (error) {
      explain(error);
    }
  }

  // ---------- start ----------
  async function start() {
    readLocation();
    try {
      const response = await fetch('/dashboard/sign-in.json');
      if (!response.ok) throw new ApiError('unreachable');
      state.signIn = await response.json();
    } catch (error) {
      return explain(error);
    }
    const fragment = new URLSearchParams(location.hash.slice(1));
    if (fragment.get('token')) {
      // The fragment never reaches a server; take the token and drop it from the address bar and history.
      if (state.signIn.developmentTokens) sessionStorage.setItem(TOKEN, fragment.get('token'));
      history.replaceState(null, '', location.pathname + location.search);
    }
    const query = new URLSearchParams(location.search);
    if (query.has('code') || query.has('error')) {
      try { await completeOidc(query); } catch (error) {
        history.replaceState(null, '', '/dashboard');
        showSignIn();
        return explain(error);
      }
      readLocation();
    }
    if (!token()) return showSignIn();
    if (expired(token())) {
      showSignIn();
      return explain(new ApiError('expired'));
    }
    await signedIn();
  }

  async function signedIn() {
    try {
      state.me = await getJson('/api/me');
    } catch (error) {
      if (error.kind === 'expired') { showSignIn(); return explain(error); }
      return explain(error);
    }
    $('sign-in').hidden = true;
    $('who').hidden = false;
    $('who-name').textContent = state.me.name;
    const role = ROLE[state.me.role] ?? state.me.role;
    const scope = [state.me.regionName, role].filter(x => x && x !== state.me.name).join(' · ');
    $('who-scope').textContent = scope;
    if (!state.me.regions.length)
      return showMessage('无可查看的地区', '进度看板供人社部门（bureau）和管理员使用。请用有地区权限的账号登录。', { label: '换个账号', run: signOut });
    if (!state.region || !state.me.regions.some(r => r.code === state.region)) state.region = state.me.regions[0].code;
    fillRegions();
    $('report').hidden = false;
    await load();
  }

  function signOut() {
    forgetToken();
    state.me = null;
    clearMessage();
    history.replaceState(null, '', '/dashboard');
    showSignIn();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('region').addEventListener('change', e => { state.region = e.target.value; load(); });
    $('period').addEventListener('change', e => { state.period = e.target.value; load(); });
    $('as-of').addEventListener('change', e => {
      if (e.target.value && e.target.value > today()) { e.target.value = state.asOf; return showMessage('日期有误', '截至日期不能晚于今天。'); }
      state.asOf = e.target.value; load();
    });
    $('as-of-today').addEventListener('click', () => { state.asOf = ''; load(); });
    $('cards').addEventListener('click', e => {
      const card = e.target.closest('.card');
      if (!card || card.dataset.programme === state.programme) return;
      state.programme = card.dataset.programme;
      loadDetail().catch(explain);
    });
    document.querySelectorAll('[data-download]').forEach(b => b.addEventListener('click', () => download(b.dataset.download, b.dataset.format)));
    $('dev-token-form').addEventListener('submit', e => {
      e.preventDefault();
      const value = $('dev-token').value.trim().replace(/^Bearer\s+/i, '');
      if (!value) return;
      sessionStorage.setItem(TOKEN, value);
      $('dev-token').value = '';
      clearMessage();
      signedIn();
    });
    $('oidc-button').addEventListener('click', beginOidc);
    $('sign-out').addEventListener('click', signOut);
    // A printout needs the numbers: every table opens for printing. The charts keep the size they have on screen
    // (a browser lays the printed page out after beforeprint, so a chart redrawn then would be measured wrong).
    addEventListener('beforeprint', () =>
      document.querySelectorAll('details').forEach(d => { d.dataset.wasOpen = String(d.open); d.open = true; }));
    addEventListener('afterprint', () =>
      document.querySelectorAll('details').forEach(d => { d.open = d.dataset.wasOpen === 'true'; }));
    addEventListener('resize', () => { if (!matchMedia('print').matches) Object.values(charts).forEach(c => c.resize()); });
    start();
  });
})();

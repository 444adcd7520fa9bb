// The review page's behaviour. Every string from an output or an article reaches the page as a text node or
// an attribute value, never as markup: articles are untrusted.
(function () {
  'use strict';

  var settings = JSON.parse(document.getElementById('settings').textContent);
  var listView = document.getElementById('list-view');
  var docView = document.getElementById('doc-view');
  var docNav = document.getElementById('doc-nav');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#rows tr'));
  var current = null;  // the open document: its data and the elements made for it
  var listScroll = 0;

  // -- small helpers ------------------------------------------------------------------------------------------

  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        if (key === 'className') { node.className = props[key]; }
        else if (key === 'text') { node.textContent = props[key]; }
        else if (key === 'data') {
          Object.keys(props.data).forEach(function (d) { node.dataset[d] = props.data[d]; });
        } else { node.setAttribute(key, props[key]); }
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === '') { return; }
      node.appendChild(typeof child === 'string' || typeof child === 'number'
        ? document.createTextNode(String(child)) : child);
    });
    return node;
  }

  function typeClass(type) { return 't-' + (settings.colors[type] ? type : 'other'); }
  function label(type) { return String(type).replace(/_/g, ' '); }
  function swatch(type) { return el('span', {className: 'swatch ' + typeClass(type), 'aria-hidden': 'true'}); }
  function button(text, onClick, props) {
    var b = el('button', Object.assign({type: 'button'}, props || {}), [text]);
    b.addEventListener('click', onClick);
    return b;
  }
  function entryLabel(n) {
    var entry = current.data.entries[n];
    return 'entry ' + n + (entry && entry[0] ? ' — ' + entry[0] : '');
  }

  // -- the document list ----------------------------------------------------------------------------------------

  var filterBox = document.getElementById('filter');
  var onlyWarned = document.getElementById('only-warned');
  var shown = document.getElementById('shown');
  var rowTexts = null;

  function applyFilter() {
    var words = filterBox.value.toLowerCase().split(/\s+/).filter(Boolean);
    var warnedOnly = onlyWarned.checked;
    if (words.length && rowTexts === null) {
      rowTexts = rows.map(function (row) { return row.querySelector('td.doc').textContent.toLowerCase(); });
    }
    var count = 0;
    rows.forEach(function (row, i) {
      var show = (!warnedOnly || row.classList.contains('warn')) &&
        words.every(function (w) { return rowTexts[i].indexOf(w) >= 0; });
      row.hidden = !show;
      count += show ? 1 : 0;
    });
    shown.textContent = count.toLocaleString('en') + ' of ' + rows.length.toLocaleString('en') + ' shown';
  }
  filterBox.addEventListener('input', applyFilter);
  onlyWarned.addEventListener('change', applyFilter);
  shown.textContent = rows.length.toLocaleString('en') + ' shown';

  function visibleDocs() {
    var docs = [];
    rows.forEach(function (row) { if (!row.hidden) { docs.push(Number(row.dataset.doc)); } });
    return docs;
  }

  function neighbour(step) {
    var docs = visibleDocs();
    var at = docs.indexOf(current.n);
    if (at < 0) { docs = rows.map(function (row) { return Number(row.dataset.doc); }); at = docs.indexOf(current.n); }
    return docs[at + step];
  }

  function showList() {
    docView.hidden = true;
    docNav.hidden = true;
    listView.hidden = false;
    window.scrollTo(0, listScroll);
  }

  // -- the article, highlighted -------------------------------------------------------------------------------

  // Spans nest: regions (title, caption, footer ...) outermost, then event evidence, then mentions and dates.
  // A span that crosses another's end is split; its later pieces are marked `cont`, so every mention has
  // exactly one mark without it.
  function renderArticle(data) {
    var text = data.text;
    var spans = [];
    var seq = 0;
    function add(range, layer, make, key) {
      if (!range) { return; }
      var s = range[0], e = range[1];
      if (typeof s !== 'number' || typeof e !== 'number' || s < 0 || s >= e || e > text.length) { return; }
      spans.push({s: s, e: e, layer: layer, make: make, key: key, seq: seq++, els: []});
    }
    data.regions.forEach(function (r) {
      add(r, 0, function () {
        var kind = r[2];
        if (settings.excluded[kind]) {
          return el('span', {className: 'excluded x-' + kind, title: settings.excluded[kind]});
        }
        return el('span', {className: 'r-' + kind});
      });
    });
    data.events.forEach(function (ev, i) {
      add(ev.span, 1, function () { return el('span', {className: 'evidence', data: {event: i}}); }, 'ev' + i);
    });
    data.entities.forEach(function (ent, k) {
      ent.mentions.forEach(function (m, j) {
        add(m, 2, function (cont) {
          return el('mark', {className: typeClass(ent.type) + (cont ? ' cont' : ''), title: label(ent.type) + ': ' +
            ent.name, data: {type: ent.type, id: ent.id, k: k, j: j}});
        }, 'm' + k + ':' + j);
      });
    });
    data.dates.forEach(function (d, i) {
      add(d.span, 2, function (cont) {
        return el('mark', {className: 't-date' + (d.resolved ? '' : ' unresolved') + (cont ? ' cont' : ''),
          title: 'date: ' + d.value + ' (' + d.precision + (d.resolved ? '' : ', unresolved') + ')',
          data: {type: 'date', id: 'date:' + i, date: i}});
      }, 'd' + i);
    });
    data.durations.forEach(function (d, i) {
      add(d.span, 2, function (cont) {
        return el('mark', {className: 't-duration' + (cont ? ' cont' : ''), title: 'duration: ' + d.value,
          data: {type: 'duration', id: 'duration:' + i, duration: i}});
      }, 'u' + i);
    });

    spans.sort(function (a, b) { return a.s - b.s || b.e - a.e || a.layer - b.layer || a.seq - b.seq; });
    var nesting = function (a, b) { return a.layer - b.layer || a.s - b.s || b.e - a.e || a.seq - b.seq; };
    var bounds = [0, text.length];
    spans.forEach(function (sp) { bounds.push(sp.s, sp.e); });
    bounds.sort(function (a, b) { return a - b; });

    var root = el('div', {className: 'article', id: 'article'});
    var active = [];
    var stack = [];
    var next = 0;
    for (var b = 0; b < bounds.length - 1; b++) {
      var at = bounds[b], to = bounds[b + 1];
      if (at === to) { continue; }
      active = active.filter(function (sp) { return sp.e > at; });
      while (next < spans.length && spans[next].s <= at) { active.push(spans[next++]); }
      active.sort(nesting);
      var keep = 0;
      while (keep < stack.length && keep < active.length && stack[keep].span === active[keep]) { keep++; }
      stack.length = keep;
      for (var i = keep; i < active.length; i++) {
        var sp = active[i];
        var node = sp.make(sp.els.length > 0);
        sp.els.push(node);
        (stack.length ? stack[stack.length - 1].node : root).appendChild(node);
        stack.push({span: sp, node: node});
      }
      (stack.length ? stack[stack.length - 1].node : root).appendChild(document.createTextNode(text.slice(at, to)));
    }
    var pieces = {};
    spans.forEach(function (sp) { if (sp.key) { pieces[sp.key] = sp.els; } });
    return {root: root, pieces: pieces};
  }

  // -- selection: an entity and its mentions, a date, a duration, an event ----------------------------------------

  function clearSelection() {
    if (!current) { return; }
    current.selected.forEach(function (node) { node.classList.remove('selected', 'current', 'active'); });
    current.selected = [];
    current.selection = null;
  }

  function select(nodes, cls) {
    nodes.forEach(function (node) { node.classList.add(cls); current.selected.push(node); });
  }

  function mentionsOf(k) {
    return current.data.entities[k].mentions.map(function (_, j) { return current.pieces['m' + k + ':' + j] || []; });
  }

  function entityIndex(id) {
    for (var k = 0; k < current.data.entities.length; k++) {
      if (current.data.entities[k].id === id) { return k; }
    }
    return -1;
  }

  function entityByName(name) {
    var wanted = String(name).toLowerCase();
    var k = entityIndex(name);
    if (k >= 0) { return k; }
    for (k = 0; k < current.data.entities.length; k++) {
      var ent = current.data.entities[k];
      if (ent.name.toLowerCase() === wanted ||
          ent.aliases.some(function (a) { return a.toLowerCase() === wanted; })) { return k; }
    }
    return -1;
  }

  function displayName(value) {
    var k = entityByName(value);
    return k >= 0 ? current.data.entities[k].name : current.data.known[value] || String(value);
  }

  function entityLink(value) {
    var k = entityByName(value);
    if (k < 0) {
      var known = current.data.known[value];
      return known ? el('span', {}, [known + ' ', el('span', {className: 'muted', text: '(' + value +
        ', not named in this document)'})]) : document.createTextNode(String(value));
    }
    var ent = current.data.entities[k];
    var link = el('a', {href: '#', className: 'entity-link', data: {id: ent.id}}, [ent.name]);
    link.addEventListener('click', function (event) { event.preventDefault(); selectEntity(k, 0, true); });
    return link;
  }

  function detailsPanel(type, title, rows, extra) {
    var panel = document.getElementById('details');
    panel.textContent = '';
    var close = button('×', function () { clearSelection(); resetDetails(); }, {className: 'close',
      title: 'clear the selection (Esc)', 'aria-label': 'clear the selection'});
    panel.appendChild(close);
    panel.appendChild(el('h2', {}, [swatch(type), ' ', title]));
    var list = el('dl');
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === '') { return; }
      list.appendChild(el('dt', {text: row[0]}));
      list.appendChild(el('dd', {}, [row[1]]));
    });
    panel.appendChild(list);
    (extra || []).forEach(function (node) { panel.appendChild(node); });
    return panel;
  }

  function resetDetails() {
    var panel = document.getElementById('details');
    panel.textContent = '';
    panel.appendChild(el('p', {className: 'muted', text: 'Click an entity in the index, a highlighted name or a ' +
      'timeline item for its details.'}));
    resetDetailsMarks();
  }

  function attributeValue(key, value) {
    if (key === 'wikidata' && /^Q\d+$/.test(value)) {
      return el('a', {href: 'https://www.wikidata.org/wiki/' + value, target: '_blank', rel: 'noopener noreferrer',
        className: 'wikidata'}, [value]);
    }
    if (key === 'note') { return document.createTextNode(String(value)); }
    // An id, or the name of something this document names ("NASA; ISS National Laboratory"): a link to it.
    var out = el('span');
    String(value).split('; ').forEach(function (part, i) {
      if (i) { out.appendChild(document.createTextNode('; ')); }
      var linked = entityByName(part) >= 0 || (/^[a-z_]+:[a-z0-9][a-z0-9-]*$/.test(part) && current.data.known[part]);
      out.appendChild(linked ? entityLink(part) : document.createTextNode(part));
    });
    return out;
  }

  function selectEntity(k, j, scroll) {
    clearSelection();
    var ent = current.data.entities[k];
    var mentions = mentionsOf(k);
    mentions.forEach(function (nodes) { select(nodes, 'selected'); });
    resetDetailsMarks();
    var indexButton = current.indexButtons[k];
    indexButton.classList.add('selected');
    current.selected.push(indexButton);
    indexButton.scrollIntoView({block: 'nearest'});

    var attributes = Object.keys(ent.attributes).map(function (key) {
      return [key.replace(/_/g, ' '), attributeValue(key, ent.attributes[key])];
    });
    if (ent.type === 'person' && !ent.attributes.agency) {
      attributes.unshift(['agency', el('span', {className: 'badge bad', text: 'none found'})]);
    }
    var position = el('span', {className: 'position'});
    var where = el('div', {className: 'muted mention-where'});
    var stepper = el('div', {className: 'stepper'}, [
      button('‹ previous', function () { step(-1, true); },
        {className: 'prev-mention', title: 'previous mention (p)'}),
      position,
      button('next ›', function () { step(1, true); }, {className: 'next-mention', title: 'next mention (n)'})]);
    detailsPanel(ent.type, ent.name, [
      ['type', label(ent.type)], ['id', ent.id],
      ['aliases', ent.aliases.length ? ent.aliases.join(', ') : el('span', {className: 'muted', text: 'none'})]
    ].concat(attributes.length ? attributes : [['attributes', el('span', {className: 'muted', text: 'none'})]]),
    [stepper, where]);
    current.selection = {kind: 'entity', k: k, j: -1, mentions: mentions, position: position, where: where};
    stepTo(j || 0, scroll);
  }

  function stepTo(j, scroll) {
    var sel = current.selection;
    var count = sel.mentions.length;
    j = ((j % count) + count) % count;
    if (sel.j >= 0) { sel.mentions[sel.j].forEach(function (node) { node.classList.remove('current'); }); }
    sel.j = j;
    select(sel.mentions[j], 'current');
    var m = current.data.entities[sel.k].mentions[j];
    sel.position.textContent = 'mention ' + (j + 1) + ' of ' + count;
    sel.where.textContent = '“' + current.data.text.slice(m[0], m[1]) + '” in ' + entryLabel(m[2]);
    if (scroll && sel.mentions[j][0]) { sel.mentions[j][0].scrollIntoView({block: 'center'}); }
  }

  function step(delta, scroll) {
    if (current && current.selection && current.selection.kind === 'entity') {
      stepTo(current.selection.j + delta, scroll);
    }
  }

  function markTimeline(key) {
    var item = current.timelineButtons[key];
    if (item) { item.classList.add('selected'); current.selected.push(item); item.scrollIntoView({block: 'nearest'}); }
  }

  function selectDate(i, scroll) {
    clearSelection();
    resetDetailsMarks();
    var d = current.data.dates[i];
    var nodes = current.pieces['d' + i] || [];
    select(nodes, 'current');
    markTimeline('d' + i);
    detailsPanel('date', '“' + d.text + '”', [
      ['value', d.value], ['precision', d.precision],
      ['resolved', d.resolved ? 'yes' : el('span', {className: 'badge bad', text: 'no: nothing gives its year'})],
      ['time', d.time || null], ['range', d.range ? d.range[0] + ' – ' + d.range[1] : null],
      ['in', entryLabel(d.entry)]]);
    current.selection = {kind: 'date', i: i};
    if (scroll && nodes[0]) { nodes[0].scrollIntoView({block: 'center'}); }
  }

  function selectDuration(i, scroll) {
    clearSelection();
    resetDetailsMarks();
    var d = current.data.durations[i];
    var nodes = current.pieces['u' + i] || [];
    select(nodes, 'current');
    markTimeline('u' + i);
    detailsPanel('duration', '“' + d.text + '”', [['value', d.value], ['length', humanDuration(d.value)],
      ['in', d.entry === null || d.entry === undefined ? null : entryLabel(d.entry)]]);
    current.selection = {kind: 'duration', i: i};
    if (scroll && nodes[0]) { nodes[0].scrollIntoView({block: 'center'}); }
  }

  function names(values) {
    if (!values.length) { return null; }
    var out = el('span');
    values.forEach(function (v, i) {
      if (i) { out.appendChild(document.createTextNode(', ')); }
      out.appendChild(entityLink(v));
    });
    return out;
  }

  function selectEvent(i, scroll) {
    clearSelection();
    resetDetailsMarks();
    var ev = current.data.events[i];
    var nodes = current.pieces['ev' + i] || [];
    select(nodes, 'active');
    markTimeline('ev' + i);
    detailsPanel('other', label(ev.type), [
      ['status', ev.status], ['date', ev.date], ['time', ev.time], ['vehicle', names(ev.vehicles)],
      ['mission', names(ev.missions)], ['module', names(ev.modules)], ['participants', names(ev.participants)],
      ['location', names(ev.locations)],
      ['duration', ev.duration ? ev.duration + ' (' + humanDuration(ev.duration) + ')' : null],
      ['evidence', ev.evidence ? el('q', {text: ev.evidence})
        : (ev.span ? el('q', {text: current.data.text.slice(ev.span[0], ev.span[1])}) : null)],
      ['', ev.span ? null : el('span', {className: 'muted', text: 'evidence not found in the text'})]]);
    current.selection = {kind: 'event', i: i};
    if (scroll && nodes[0]) { nodes[0].scrollIntoView({block: 'center'}); }
  }

  function resetDetailsMarks() {
    document.querySelectorAll('.entity.selected, .tl.selected').forEach(function (b) {
      b.classList.remove('selected');
    });
  }

  // -- the panel: index and timeline ------------------------------------------------------------------------------

  function buildIndex(data) {
    var panel = document.getElementById('index');
    panel.textContent = '';
    panel.appendChild(el('summary', {text: 'Entities (' + data.entities.length + ')'}));
    var filter = el('input', {type: 'search', className: 'index-filter', placeholder: 'filter entities',
      'aria-label': 'filter entities'});
    panel.appendChild(filter);
    var order = Object.keys(settings.colors);
    var types = [];
    data.entities.forEach(function (ent) { if (types.indexOf(ent.type) < 0) { types.push(ent.type); } });
    types.sort(function (a, b) {
      var ia = order.indexOf(a), ib = order.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || (a < b ? -1 : a > b ? 1 : 0);
    });
    var buttons = [];
    types.forEach(function (type) {
      var members = [];
      data.entities.forEach(function (ent, k) { if (ent.type === type) { members.push(k); } });
      members.sort(function (a, b) { return data.entities[a].name.localeCompare(data.entities[b].name); });
      var group = el('div', {className: 'group-' + typeClass(type)}, [el('div', {className: 'group',
        text: label(type) + ' (' + members.length + ')'})]);
      members.forEach(function (k) {
        var ent = data.entities[k];
        var b = el('button', {type: 'button', className: 'entity', title: ent.id, data: {id: ent.id, k: k}},
          [swatch(ent.type), el('span', {className: 'name', text: ent.name}),
           el('span', {className: 'muted', text: '×' + ent.mentions.length})]);
        buttons[k] = b;
        group.appendChild(b);
      });
      panel.appendChild(group);
    });
    panel.addEventListener('click', function (event) {
      var b = event.target.closest('button.entity');
      if (b) { selectEntity(Number(b.dataset.k), 0, true); }
    });
    filter.addEventListener('input', function () {
      var word = filter.value.toLowerCase();
      buttons.forEach(function (b, k) {
        var ent = data.entities[k];
        b.hidden = word !== '' && (ent.name + ' ' + ent.aliases.join(' ')).toLowerCase().indexOf(word) < 0;
      });
    });
    return buttons;
  }

  var QUALIFIER = /^(early|mid|late)[\s-]/i;

  function when(value, precision, text, range, time) {
    var shownValue = range && range[1] ? range[0] + ' – ' + range[1] : value;
    var qualifier = text ? QUALIFIER.exec(text) : null;
    if (qualifier && precision !== 'day') { shownValue = qualifier[1].toLowerCase() + '-' + shownValue; }
    return shownValue + (time ? ' ' + time : '');
  }

  function humanDuration(value) {
    var iso = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/;
    var m = iso.exec(value || '');
    if (!m) { return value; }
    var units = ['y', 'mo', 'wk', 'd', 'h', 'min', 's'];
    var parts = [];
    for (var i = 1; i < m.length; i++) { if (m[i]) { parts.push(m[i] + ' ' + units[i - 1]); } }
    return parts.join(' ') || value;
  }

  // Sorted by value: ISO strings of one calendar compare as text ("2019" < "2019-03" < "2019-03-04"), so a year
  // comes before its months and days. Dates without a year, and undated events, come last.
  function buildTimeline(data) {
    var panel = document.getElementById('timeline');
    panel.textContent = '';
    var items = [];
    data.dates.forEach(function (d, i) {
      var start = d.range && d.range[0] ? d.range[0] : d.value;
      items.push({key: 'd' + i, group: d.resolved ? 0 : 1, sort: start, at: d.span ? d.span[0] : 0, date: d, i: i});
    });
    data.events.forEach(function (ev, i) {
      var value = ev.date ? String(ev.date).split('/')[0] : '';
      items.push({key: 'ev' + i, group: !value ? 2 : value.indexOf('--') === 0 ? 1 : 0, sort: value,
        at: ev.span ? ev.span[0] : 0, event: ev, i: i});
    });
    items.sort(function (a, b) {
      return a.group - b.group || (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0) || a.at - b.at;
    });
    panel.appendChild(el('summary', {text: 'Timeline (' + data.dates.length + ' dates' +
      (data.events.length ? ', ' + data.events.length + ' events' : '') + ')'}));
    var buttons = {};
    var headings = ['', 'No year (unresolved)', 'Undated events'];
    var list = el('ol', {className: 'timeline'});
    var group = 0;
    items.forEach(function (item) {
      if (item.group !== group) {
        group = item.group;
        list.appendChild(el('li', {className: 'group', text: headings[group]}));
      }
      var b;
      if (item.date) {
        var d = item.date;
        b = el('button', {type: 'button', className: 'tl date', data: {date: item.i}}, [
          el('span', {className: 'when', text: when(d.value, d.precision, d.text, d.range, d.time)}),
          el('span', {className: 'badge' + (d.resolved ? '' : ' bad'), text: d.resolved ? d.precision : 'unresolved'}),
          el('span', {className: 'what', text: '“' + d.text + '” · entry ' + d.entry})]);
        b.addEventListener('click', function () { selectDate(item.i, true); });
      } else {
        var ev = item.event;
        var what = [label(ev.type)].concat(ev.vehicles.length ? [ev.vehicles.map(displayName).join(', ')] : []);
        b = el('button', {type: 'button', className: 'tl event', data: {event: item.i}}, [
          el('span', {className: 'when', text: ev.date ? when(ev.date, '', '', null, ev.time) : 'undated'}),
          ev.status ? el('span', {className: 'badge', text: ev.status}) : null,
          el('span', {className: 'what', text: what.join(' · ')})]);
        b.addEventListener('click', function () { selectEvent(item.i, true); });
      }
      buttons[item.key] = b;
      list.appendChild(el('li', {}, [b]));
    });
    panel.appendChild(list);
    if (data.durations.length) {
      var durations = el('ol', {className: 'timeline durations'}, [el('li', {className: 'group', text: 'Durations'})]);
      data.durations.forEach(function (d, i) {
        var b = el('button', {type: 'button', className: 'tl duration', data: {duration: i}}, [
          el('span', {className: 'when', text: humanDuration(d.value)}),
          el('span', {className: 'badge', text: d.value}),
          el('span', {className: 'what', text: '“' + d.text + '”'})]);
        b.addEventListener('click', function () { selectDuration(i, true); });
        buttons['u' + i] = b;
        durations.appendChild(el('li', {}, [b]));
      });
      panel.appendChild(durations);
    }
    return buttons;
  }

  // -- a document -----------------------------------------------------------------------------------------------

  function buildHead(data) {
    var doc = data.document;
    var head = el('div', {className: 'doc-head'});
    head.appendChild(el('h1', {text: doc.title || doc.id}));
    var meta = el('dl');
    [['file', data.where], ['source', doc.source], ['author', doc.author], ['reference date', doc.reference_date],
     ['pipeline', doc.pipeline_version]].forEach(function (row) {
      if (row[1]) { meta.appendChild(el('dt', {text: row[0]})); meta.appendChild(el('dd', {text: row[1]})); }
    });
    head.appendChild(meta);
    var checks = el('ul', {className: 'doc-checks'});
    data.checks.unresolved.forEach(function (i) {
      var d = data.dates[i];
      checks.appendChild(el('li', {className: 'warning'}, ['⚠ unresolved date ',
        button('“' + d.text + '” (' + d.value + ')', function () { selectDate(i, true); }),
        ' in entry ' + d.entry]));
    });
    data.checks.no_agency.forEach(function (id) {
      var k = entityIndex(id);
      checks.appendChild(el('li', {className: 'warning'}, ['⚠ no agency for ',
        button(data.entities[k].name, function () { selectEntity(k, 0, true); })]));
    });
    if (data.checks.bare.length) {
      var item = el('li', {className: 'note'}, [data.checks.bare.length + ' without attributes: ']);
      data.checks.bare.forEach(function (id, n) {
        var k = entityIndex(id);
        if (n) { item.appendChild(document.createTextNode(', ')); }
        item.appendChild(button(data.entities[k].name, function () { selectEntity(k, 0, true); }));
      });
      checks.appendChild(item);
    }
    if (checks.childNodes.length) { head.appendChild(checks); }
    return head;
  }

  // The compact form the page stores (page.py's document_data), unpacked: attribute sets by number, mentions as
  // [start, end, entry], dates as objects.
  function unpack(data) {
    var starts = data.entries.map(function (e) { return e[1]; });
    function entryAt(offset) {
      var lo = 0, hi = starts.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (starts[mid] <= offset) { lo = mid + 1; } else { hi = mid; } }
      return Math.max(0, lo - 1);
    }
    data.entities.forEach(function (ent) {
      ent.attributes = settings.attributes[ent.attributes] || {};
      var flat = ent.mentions, start = 0;
      ent.mentions = [];
      for (var i = 0; i + 1 < flat.length; i += 2) {
        start += flat[i];
        ent.mentions.push([start, start + flat[i + 1], entryAt(start)]);
      }
    });
    data.dates = data.dates.map(function (d) {
      var extras = d[5] || {};
      return {span: [d[0], d[0] + d[1]], text: data.text.slice(d[0], d[0] + d[1]), value: d[2], precision: d[3],
        resolved: d[4] === 1, entry: entryAt(d[0]), time: extras.time, range: extras.range};
    });
    data.events = (data.events || []).map(function (e) {
      return {type: e[0], status: e[1], date: e[2], time: e[3], vehicles: e[4], missions: e[5], modules: e[6],
        participants: e[7], locations: e[8], duration: e[9], evidence: e[10], span: e[11]};
    });
    return data;
  }

  function openDoc(n) {
    if (!current || current.n !== n) {
      var data = unpack(JSON.parse(document.getElementById('doc-' + n).textContent));
      current = {n: n, data: data, selected: [], selection: null};
      var rendered = renderArticle(data);
      current.pieces = rendered.pieces;
      var main = document.getElementById('doc-main');
      main.textContent = '';
      main.appendChild(buildHead(data));
      main.appendChild(rendered.root);
      current.indexButtons = buildIndex(data);
      current.timelineButtons = buildTimeline(data);
      resetDetails();
      rendered.root.addEventListener('click', function (event) {
        var mark = event.target.closest('mark');
        if (!mark) { return; }
        if (mark.dataset.k !== undefined) { selectEntity(Number(mark.dataset.k), Number(mark.dataset.j), false); }
        else if (mark.dataset.date !== undefined) { selectDate(Number(mark.dataset.date), false); }
        else if (mark.dataset.duration !== undefined) { selectDuration(Number(mark.dataset.duration), false); }
      });
      var title = data.document.title || data.document.id;
      document.title = title + ' — review';
      window.scrollTo(0, 0);
    }
    if (!listView.hidden) { listScroll = window.scrollY; }
    listView.hidden = true;
    docView.hidden = false;
    docNav.hidden = false;
    document.getElementById('position').textContent = (n + 1).toLocaleString('en') + ' of ' +
      settings.count.toLocaleString('en');
    document.getElementById('prev-doc').disabled = neighbour(-1) === undefined;
    document.getElementById('next-doc').disabled = neighbour(1) === undefined;
  }

  // -- navigation -----------------------------------------------------------------------------------------------

  // #doc=N opens document N; #doc=N&entity=ID also selects an entity (a link to a finding).
  function route() {
    var match = /^#doc=(\d+)(?:&entity=([^&]+))?/.exec(location.hash);
    var n = match ? Number(match[1]) : settings.count === 1 ? 0 : -1;
    if (n < 0 || n >= settings.count) { showList(); return; }
    openDoc(n);
    if (match && match[2]) {
      var k = entityIndex(decodeURIComponent(match[2]));
      if (k >= 0) { selectEntity(k, 0, true); }
    }
  }

  function go(n) { if (n !== undefined) { location.hash = '#doc=' + n; } }

  document.getElementById('prev-doc').addEventListener('click', function () { go(neighbour(-1)); });
  document.getElementById('next-doc').addEventListener('click', function () { go(neighbour(1)); });
  document.getElementById('back').addEventListener('click', function (event) {
    event.preventDefault(); location.hash = '';
  });
  document.getElementById('to-list').addEventListener('click', function (event) {
    event.preventDefault(); if (settings.count > 1) { location.hash = ''; }
  });
  document.addEventListener('keydown', function (event) {
    if (event.target.closest('input, textarea') || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (docView.hidden) { return; }
    if (event.key === 'n') { step(1, true); }
    else if (event.key === 'p') { step(-1, true); }
    else if (event.key === 'Escape') { clearSelection(); resetDetails(); }
    else if (event.key === ']' && settings.count > 1) { go(neighbour(1)); }
    else if (event.key === '[' && settings.count > 1) { go(neighbour(-1)); }
  });
  window.addEventListener('hashchange', route);
  route();
}());

/* The clinic's additions to Decap CMS (plugins/editor/editor.py writes this file to /admin/).
 *
 * 1. A front matter format that writes back only what the writer changed: a line
 *    whose value is unchanged is kept byte for byte (its quotes, its list style, its
 *    comment), so a writer's pull request shows only their edit.
 * 2. Our content blocks as editor components that write exactly the `///` syntax the
 *    build reads (WRITING.md, Content blocks), and read it back.
 * 3. A preview that looks like the site: the theme's CSS, and each block drawn from
 *    the HTML the theme's macros render (config.json's "blocks").
 *
 * The pure parts (ApolloEditor.*) run without Decap, so tests can call them.
 */
(function (root) {
  'use strict';

  var FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?\r?\n)?---[ \t]*(\r?\n|$)/;
  var SOURCE = '__source';  // the file as read, kept in the entry to compare with
  var RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|0x[0-9a-f]+|0o?[0-7]+|\.inf|\.nan|\d{4}-\d\d?-\d\d?(?:[Tt ].*)?)$/i;

  function isEmpty(value) {
    return value === undefined || value === null || value === '' ||
      (Array.isArray(value) && value.length === 0);
  }

  function canonical(value) {
    // Compares values as the form holds them: empty is absent, numbers are numbers.
    if (isEmpty(value)) return undefined;
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      var out = {};
      Object.keys(value).sort().forEach(function (key) {
        var item = canonical(value[key]);
        if (item !== undefined) out[key] = item;
      });
      return out;
    }
    return value;
  }

  function same(a, b) {
    return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
  }

  /* The top-level entries of a front matter block: each key with all its lines
   * (indented continuations and list items), and the comments and blank lines between. */
  function entries(frontMatter) {
    var lines = frontMatter.split(/(?<=\n)/);
    var found = [];
    lines.forEach(function (line) {
      var key = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|\r?\n|$)/.exec(line);
      if (key) {
        found.push({key: key[1], text: line});
      } else if (/^[ \t]+\S|^-/.test(line) && found.length && found[found.length - 1].key) {
        found[found.length - 1].text += line;
      } else {
        found.push({key: null, text: line});
      }
    });
    return found;
  }

  function splitFile(text) {
    var match = FRONT_MATTER.exec(text);
    if (!match) return {open: '', frontMatter: '', close: '', body: text, newline: '\n'};
    var newline = /\r\n/.test(match[0]) ? '\r\n' : '\n';
    var frontMatter = match[1] || '';
    var openLength = match[0].indexOf('\n') + 1;
    return {open: match[0].slice(0, openLength), frontMatter: frontMatter,
            close: match[0].slice(openLength + frontMatter.length),
            body: text.slice(match[0].length), newline: newline};
  }

  function parse(yaml, text, defaults) {
    var parts = splitFile(text);
    var data = parts.frontMatter ? yaml.load(parts.frontMatter, {schema: yaml.CORE_SCHEMA}) : {};
    data = data && typeof data === 'object' && !Array.isArray(data) ? data : {};
    Object.keys(defaults || {}).forEach(function (key) {
      if (isEmpty(data[key])) data[key] = defaults[key];
    });
    (data.references || []).forEach(function (item, index) {
      // A source written as plain text is a source with only a title, in the form.
      if (typeof item === 'string') data.references[index] = {title: item};
    });
    data.body = parts.body;
    return data;
  }

  function plainScalar(text, inFlow) {
    if (text === '' || text !== text.trim() || RESERVED.test(text)) return false;
    if (/^[-?:,\[\]{}#&*!|>'"%@`]/.test(text) || /[\n\r\t\x00-\x1f]/.test(text)) return false;
    if (/: |:$| #/.test(text)) return false;
    if (inFlow && /[,\[\]{}:]/.test(text)) return false;
    return true;
  }

  function scalar(value, type, inFlow) {
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    var text = String(value);
    if (type === 'date' && /^\d{4}-\d\d-\d\d$/.test(text)) return text;  // YAML reads a date
    return plainScalar(text, inFlow) ? text : JSON.stringify(text);
  }

  function serialise(key, value, type, newline) {
    if (Array.isArray(value)) {
      if (value.some(function (item) { return item && typeof item === 'object'; })) {
        return key + ':' + newline + value.map(function (item) {
          if (!item || typeof item !== 'object') return '  - ' + scalar(item, 'text', false);
          var pairs = Object.keys(item).filter(function (name) { return !isEmpty(item[name]); })
            .map(function (name) { return name + ': ' + scalar(item[name], 'text', true); });
          return '  - {' + pairs.join(', ') + '}';
        }).join(newline) + newline;
      }
      return key + ': [' + value.map(function (item) {
        return scalar(item, 'text', true);
      }).join(', ') + ']' + newline;
    }
    return key + ': ' + scalar(value, type, false) + newline;
  }

  /* The file for an entry: the original text where nothing changed, and only the
   * changed, added or removed keys (and the body, if edited) written anew. */
  function write(yaml, data, options) {
    var values = {};
    Object.keys(data).forEach(function (key) {
      if (key !== SOURCE && key !== 'body') values[key] = data[key];
    });
    var source = typeof data[SOURCE] === 'string' ? data[SOURCE] : '';
    var parts = splitFile(source || '---\n---\n');
    var before = source ? parse(yaml, source, options.defaults) : {body: ''};
    var newline = parts.newline;
    var omitted = options.omitWhen || {};
    var wanted = function (key, value) {
      if (omitted[key] !== undefined && value === omitted[key] && !(key in (before.__present || {}))) {
        return false;
      }
      return !isEmpty(value) || options.alwaysWritten.indexOf(key) >= 0;
    };
    var present = {};
    if (parts.frontMatter) {
      var raw = yaml.load(parts.frontMatter, {schema: yaml.CORE_SCHEMA}) || {};
      Object.keys(raw).forEach(function (key) { present[key] = true; });
    }
    before.__present = present;
    var out = '';
    var seen = {};
    entries(parts.frontMatter).forEach(function (entry) {
      if (!entry.key) { out += entry.text; return; }
      seen[entry.key] = true;
      if (!(entry.key in values) || same(before[entry.key], values[entry.key])) {
        out += entry.text;
      } else if (wanted(entry.key, values[entry.key])) {
        out += serialise(entry.key, isEmpty(values[entry.key]) ? [] : values[entry.key],
                         options.types[entry.key], newline);
      }
    });
    options.order.concat(Object.keys(values)).forEach(function (key) {
      if (seen[key] || !(key in values)) return;
      seen[key] = true;
      if (!present[key] && omitted[key] !== undefined && values[key] === omitted[key]) return;
      if (wanted(key, values[key])) {
        out += serialise(key, isEmpty(values[key]) ? [] : values[key], options.types[key], newline);
      }
    });
    var body = typeof data.body === 'string' ? data.body : '';
    if (source && body === before.body) body = parts.body;
    else body = spaceBlocks(body, newline);
    if (body && !/\n$/.test(body)) body += newline;
    var text = (parts.open || '---' + newline) + out + (parts.close || '---' + newline) + body;
    return text;
  }

  /* A blank line before each block and after its closing `///`, as WRITING.md writes
   * them: Decap's editor joins a block to the paragraph above it with one line break. */
  function spaceBlocks(body, newline) {
    var out = [];
    var fenced = false;
    var depth = 0;
    var justClosed = false;
    body.split(/\r?\n/).forEach(function (line) {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      var opens = !fenced && /^\/\/\/ \S/.test(line);
      var closes = !fenced && !opens && depth > 0 && /^\/\/\/\s*$/.test(line);
      var previous = out.length ? out[out.length - 1].trim() : '';
      if ((opens && depth === 0 || justClosed) && previous !== '' && line.trim() !== '') out.push('');
      out.push(line);
      if (opens) depth += 1;
      if (closes) depth -= 1;
      justClosed = closes && depth === 0;
    });
    var text = out.join(newline).replace(/^(\r?\n)+/, '').replace(/(\r?\n)+$/, '');
    return text ? newline + text + newline : '';
  }

  function makeFormat(yaml, collection, shared) {
    var types = shared.field_types || {};
    var order = collection.fields.map(function (field) { return field.name; })
      .filter(function (name) { return name !== 'body'; });
    var defaults = {lang: shared.default_lang};
    var options = {types: types, order: order, alwaysWritten: shared.always_written || [],
                   defaults: defaults, omitWhen: {lang: shared.default_lang}};
    return {
      fromFile: function (text) {
        var data = parse(yaml, text, defaults);
        data[SOURCE] = text;
        return data;
      },
      toFile: function (data) { return write(yaml, data, options); }
    };
  }

  // --- Content blocks: exactly the `///` syntax of plugins/content_blocks ---

  var LEVEL = '(?:\\n    level: ([234])\\n)?';
  function blockPattern(name) {
    return new RegExp('^/// ' + name + '(?: \\| ([^\\n]*))?' + LEVEL + '\\n([\\s\\S]*?)\\n///(?=\\n|$)');
  }

  function headed(name, label, bodyLabel) {
    return {
      id: name,
      label: label,
      fields: [
        {name: 'heading', label: 'Heading (leave empty for the usual one)', widget: 'string', required: false},
        {name: 'level', label: 'Heading level (3 inside a section under a ## heading)', widget: 'select',
         options: ['2', '3', '4'], required: false},
        {name: 'text', label: bodyLabel, widget: 'text', required: true}
      ],
      pattern: blockPattern(name),
      fromBlock: function (match) {
        return {heading: match[1] || '', level: match[2] || '', text: match[3]};
      },
      toBlock: function (data) {
        var head = '/// ' + name + (data.heading ? ' | ' + data.heading : '');
        var level = data.level ? '\n    level: ' + data.level + '\n' : '';
        return head + level + '\n' + String(data.text || '').replace(/\s+$/, '') + '\n///';
      }
    };
  }

  var QUESTIONS = {
    id: 'questions',
    label: 'Questions and answers',
    fields: [{name: 'items', label: 'Questions', widget: 'list', required: true, fields: [
      {name: 'question', label: 'Question (as a reader would ask it)', widget: 'string', required: true},
      {name: 'answer', label: 'Answer (the first sentence answers it)', widget: 'text', required: true}
    ]}],
    pattern: /^\/\/\/ questions\n([\s\S]*?)\n\/\/\/(?=\n|$)/,
    fromBlock: function (match) {
      var items = [];
      match[1].split('\n').forEach(function (line) {
        var question = /^#{1,6} (.*)$/.exec(line);
        if (question) items.push({question: question[1], answer: ''});
        else if (items.length) items[items.length - 1].answer += line + '\n';
      });
      items.forEach(function (item) { item.answer = item.answer.trim(); });
      return {items: items};
    },
    toBlock: function (data) {
      return '/// questions\n' + (data.items || []).map(function (item) {
        return '### ' + (item.question || '') + '\n\n' + String(item.answer || '').trim();
      }).join('\n\n') + '\n///';
    }
  };

  function figure(altHint) {
    return {
      id: 'figure',
      label: 'Figure (picture with caption)',
      fields: [
        {name: 'image', label: 'Picture', widget: 'image', required: true,
         hint: 'Saved in content/images/.'},
        {name: 'alt', label: 'Alt text: what the picture shows', widget: 'string', required: true,
         hint: altHint},
        {name: 'caption', label: 'Caption (read by everyone)', widget: 'string', required: false}
      ],
      pattern: /^\/\/\/ figure(?: \| ([^\n]*))?\n!\[([^\]\n]*)\]\(([^)\s]+)\)\n\/\/\/(?=\n|$)/,
      fromBlock: function (match) {
        return {caption: match[1] || '', alt: match[2], image: match[3]};
      },
      toBlock: function (data) {
        return '/// figure' + (data.caption ? ' | ' + data.caption : '') + '\n![' +
          String(data.alt || '').replace(/[\[\]\n]/g, ' ') + '](' + (data.image || '') + ')\n///';
      }
    };
  }

  // --- The preview: the writer's Markdown (a small, escaping subset) in the theme's markup ---

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }

  function inline(text) {
    return escapeHtml(text)
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/\*([^*]+)\*/g, '<em>$1</em>')
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a>$1</a>');
  }

  function markdown(text) {
    var html = '';
    var list = null;
    var paragraph = [];
    function flush() {
      if (paragraph.length) html += '<p>' + inline(paragraph.join(' ')) + '</p>\n';
      paragraph = [];
      if (list) html += '</' + list + '>\n';
      list = null;
    }
    String(text || '').split('\n').forEach(function (line) {
      var bullet = /^\s*[-*+] (.*)$/.exec(line);
      var numbered = /^\s*\d+[.)] (.*)$/.exec(line);
      if (bullet || numbered) {
        var kind = bullet ? 'ul' : 'ol';
        if (paragraph.length || list !== kind) flush();
        if (!list) { html += '<' + kind + '>\n'; list = kind; }
        html += '<li>' + inline((bullet || numbered)[1]) + '</li>\n';
      } else if (!line.trim()) {
        flush();
      } else if (list) {
        flush();
        paragraph.push(line.trim());
      } else {
        paragraph.push(line.trim());
      }
    });
    flush();
    return html.trim();
  }

  function fill(template, values) {
    return Object.keys(values).reduce(function (html, marker) {
      return html.split('\u0001' + marker + '\u0001').join(values[marker]);
    }, template);
  }

  function blockPreview(templates, name, data) {
    var block = templates[name];
    var level = String(data.level || block.default_level);
    var forms = block.levels[level] || block.levels[String(block.default_level)];
    return data.heading
      ? fill(forms.heading, {HTML: markdown(data.text), HEADING: escapeHtml(data.heading)})
      : fill(forms.default, {HTML: markdown(data.text)});
  }

  function questionsPreview(templates, data) {
    var html = templates.questions.html;
    var start = html.indexOf('<details');
    var end = html.lastIndexOf('</details>') + '</details>'.length;
    var item = html.slice(start, end);
    return html.slice(0, start) + (data.items || []).map(function (entry) {
      return fill(item, {QUESTION: inline(entry.question || ''), ANSWER: markdown(entry.answer)});
    }).join('\n') + html.slice(end);
  }

  function figurePreview(templates, data, source) {
    var image = '<img alt="' + escapeHtml(data.alt || '') + '" src="' + escapeHtml(source || '') + '">';
    return data.caption
      ? fill(templates.figure.caption, {HTML: image, CAPTION: escapeHtml(data.caption)})
      : fill(templates.figure.plain, {HTML: image});
  }

  var BLOCKS = [
    ['key-points', 'Key points', 'Points, one per line starting with "- "'],
    ['urgent', 'When to get help urgently', 'What to do and the warning signs, as a list'],
    ['do', 'Do list', 'What to do, one per line starting with "- "'],
    ['dont', "Don't list", "What not to do, one per line starting with \"- \""]
  ];

  function components(templates, altHint) {
    var found = BLOCKS.map(function (spec) {
      var component = headed(spec[0], spec[1], spec[2]);
      component.toPreview = function (data) { return blockPreview(templates, spec[0], data); };
      return component;
    });
    var questions = Object.assign({}, QUESTIONS, {
      toPreview: function (data) { return questionsPreview(templates, data); }
    });
    var picture = figure(altHint);
    picture.toPreview = function (data, getAsset) {
      var asset = getAsset && data.image ? getAsset(data.image) : null;
      return figurePreview(templates, data, asset ? String(asset) : data.image);
    };
    return found.concat([questions, picture]);
  }

  // --- Starting Decap with the generated configuration ---

  function articlePreview(h, createClass) {
    return createClass({
      render: function () {
        var data = this.props.entry.get('data');
        return h('main', {className: 'main', id: 'main'},
          h('article', {className: 'container article'},
            h('header', {className: 'article__header'},
              h('h1', {}, data.get('title') || ''),
              data.get('summary') ? h('div', {className: 'lede'}, h('p', {}, data.get('summary'))) : null),
            h('div', {className: 'prose'}, this.props.widgetFor('body'))));
      }
    });
  }

  function start(CMS, yaml, shared) {
    var config = shared.config;
    config.collections.forEach(function (collection) {
      CMS.registerCustomFormat(collection.format, 'md', makeFormat(yaml, collection, shared));
    });
    components(shared.blocks, shared.alt_hint).forEach(function (component) {
      CMS.registerEditorComponent(component);
    });
    CMS.registerPreviewStyle('preview.css');
    var preview = articlePreview(root.h, root.createClass);
    config.collections.forEach(function (collection) {
      CMS.registerPreviewTemplate(collection.name, preview);
    });
    CMS.init({config: config});
  }

  var api = {parse: parse, write: write, makeFormat: makeFormat, entries: entries,
             components: components, markdown: markdown, blockPreview: blockPreview,
             questionsPreview: questionsPreview, figurePreview: figurePreview,
             SOURCE: SOURCE};
  root.ApolloEditor = api;
  if (typeof module === 'object' && module.exports) module.exports = api;

  if (root.document) {
    root.CMS_MANUAL_INIT = true;  // Decap waits for the configuration loaded below
    root.addEventListener('DOMContentLoaded', function () {
      root.fetch('config.json', {cache: 'no-cache'})
        .then(function (response) { return response.json(); })
        .then(function (shared) { start(root.CMS, root.jsyaml, shared); });
    });
  }
})(typeof window !== 'undefined' ? window : globalThis);

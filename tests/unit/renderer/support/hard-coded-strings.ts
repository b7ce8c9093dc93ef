import ts from 'typescript';

/** Attributes whose value a person reads or hears; `label` covers our own components' props. */
const READ_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
]);

const LETTER = /\p{L}/u;

/**
 * The genuine non-translatables, kept short on purpose: the product's name, and a single printed
 * key cap inside a <kbd> or `.kbd` element ("j", "k", "c"), which reads the same in any language.
 */
const BRAND = new Set(['Promptly']);
const isKeyCap = (text: string) => /^[a-z0-9?/]$/.test(text);

export interface Finding {
  line: number;
  where: string;
  text: string;
}

/** The literal text an expression can evaluate to, without looking inside calls such as t(). */
function literalTexts(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node))
    return [node.head.text + node.templateSpans.map((s) => s.literal.text).join('')];
  if (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isNonNullExpression(node)
  )
    return literalTexts(node.expression);
  if (ts.isConditionalExpression(node))
    return [...literalTexts(node.whenTrue), ...literalTexts(node.whenFalse)];
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return literalTexts(node.right);
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken)
      return [...literalTexts(node.left), ...literalTexts(node.right)];
  }
  return [];
}

function tagName(element: ts.JsxElement): string {
  return element.openingElement.tagName.getText();
}

function className(element: ts.JsxElement): string {
  for (const prop of element.openingElement.attributes.properties) {
    if (ts.isJsxAttribute(prop) && prop.name.getText() === 'className') {
      const init = prop.initializer;
      if (init && ts.isStringLiteral(init)) return init.text;
    }
  }
  return '';
}

function allowedText(text: string, parent: ts.Node): boolean {
  if (BRAND.has(text)) return true;
  if (!isKeyCap(text) || !ts.isJsxElement(parent)) return false;
  return tagName(parent) === 'kbd' || className(parent).split(/\s+/).includes('kbd');
}

/**
 * User-visible English written straight into JSX: text between tags, literal children such as
 * {cond ? 'Yes' : 'No'}, and literal values of the attributes people read. Everything of the kind
 * belongs in the catalog (src-renderer/i18n/locales) and reaches the page through t().
 */
export function findHardCodedStrings(fileName: string, source: string): Finding[] {
  const file = ts.createSourceFile(
    fileName,
    source,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TSX,
  );
  const found: Finding[] = [];
  const report = (node: ts.Node, where: string, text: string) => {
    if (!LETTER.test(text)) return;
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    found.push({ line: line + 1, where, text: text.trim() });
  };

  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      const text = node.text.replace(/\s+/g, ' ').trim();
      if (text && !allowedText(text, node.parent)) report(node, 'text', text);
    } else if (ts.isJsxExpression(node) && node.expression) {
      const parent = node.parent;
      if (ts.isJsxElement(parent) || ts.isJsxFragment(parent)) {
        for (const text of literalTexts(node.expression)) report(node, 'child', text);
      } else if (ts.isJsxAttribute(parent) && READ_ATTRIBUTES.has(parent.name.getText())) {
        for (const text of literalTexts(node.expression)) report(node, parent.name.getText(), text);
      }
    } else if (
      ts.isJsxAttribute(node) &&
      READ_ATTRIBUTES.has(node.name.getText()) &&
      node.initializer &&
      ts.isStringLiteral(node.initializer)
    ) {
      report(node, node.name.getText(), node.initializer.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
